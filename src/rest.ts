/**
 * `redux-export-jobs/rest`: bring your own backend. `createRestTransport`
 * makes an `ExportTransport` from your export API's routes and a reader of
 * its answers; `requestReply` configures it for the asynchronous
 * request-reply style (202 + `Location`); `downloadFile` is the download
 * half (link or blob, safe names, origin allowlist, progress) for a
 * transport written by hand. Its own entry: an app on the reference API
 * (`redux-export-jobs/http`) ships none of it.
 *
 * @example
 * import { createRestTransport, mapStatus } from 'redux-export-jobs/rest';
 */
export { createRestTransport } from '../features/exports/kit/createRestTransport';
export { mapStatus } from '../features/exports/kit/mapStatus';
export { requestReply, readRequestReplyStatus } from '../features/exports/kit/requestReply';
export type { RequestReplyOptions } from '../features/exports/kit/requestReply';
export { SIGN_IN_AGAIN } from '../features/exports/kit/kitFetch';
export { downloadFile } from '../features/exports/http/downloadFile';
export type { FileDownload } from '../features/exports/http/downloadFile';
export type { OpenUrl, SaveFile } from '../features/exports/http/download';
export type { HeadersOption } from '../features/exports/http/request';
export type {
  BackendAnswer,
  BackendJob,
  DownloadSpec,
  HttpMethod,
  JobVars,
  JsonBody,
  KitAuth,
  KitPushContext,
  KitRequest,
  ListVars,
  PushOption,
  ReadJob,
  RestTransportOptions,
  Route,
  RouteTemplate,
  StartVars,
} from '../features/exports/kit/types';
