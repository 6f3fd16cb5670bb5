/**
 * `redux-export-jobs/http`: the transport for the reference HTTP API
 * (see src/server/README.md). Its own entry, so that an app with its own
 * transport (GraphQL, WebSocket, a generated client) ships none of it: the
 * fetch client, the SSE reader and its parser (features/exports/http/sseParser.ts).
 *
 * @example
 * import { createExportsStore } from 'redux-export-jobs/store';
 * import { createHttpTransport } from 'redux-export-jobs/http';
 *
 * const { store } = createExportsStore({
 *   transport: createHttpTransport({ baseUrl: '/api', download: 'link' }),
 * });
 */
export { createHttpTransport } from '../features/exports/http/createHttpTransport';
export type { HttpTransportOptions } from '../features/exports/http/createHttpTransport';
export type { HeadersOption } from '../features/exports/http/request';
export type { OpenUrl, SaveFile } from '../features/exports/http/download';
export { fileNameFromContentDisposition } from '../features/exports/http/contentDisposition';
export { sanitizeFileName } from '../features/exports/http/sanitizeFileName';
export type { SanitizeFileNameOptions } from '../features/exports/http/sanitizeFileName';
