/**
 * The public options of `createRestTransport`: an `ExportTransport` for an
 * export API that already exists, described per operation (docs/design.md#transport).
 * Everything a reader returns is checked again at the engine's edge
 * (`shapes/parseJobSnapshot.ts`), so a reader may be short.
 */
import type { ErrorInfo, ExportTransport, JobStatus, StartExportRequest } from '../model/types';
import type { OpenUrl, SaveFile } from '../http/download';
import type { HeadersOption } from '../http/request';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `'METHOD /path'` with placeholders in braces, relative to `baseUrl`:
 * `{jobId}`, `{scope}`, or a key of the start's `params` (start only).
 * A placeholder an operation cannot fill is an error when the transport is made.
 * @example 'GET /api/projects/{scope}/export/{jobId}/status'
 */
export type RouteTemplate = `${HttpMethod} /${string}`;

/** A request built by hand: `url` is a path under `baseUrl`, or an absolute URL on the API's origin. */
export interface KitRequest {
  method: HttpMethod;
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route: a template, or a function building the request from the operation's variables. */
export type Route<Vars> = RouteTemplate | ((vars: Vars) => KitRequest);

/** The variables of an operation on one job. */
export interface JobVars {
  jobId: string;
  /** The job's scope (e.g. a project id) as the engine knows it; `null` when it has none. */
  scope: string | null;
}

/** The variables of a start: the request `startExport` sends. */
export type StartVars = StartExportRequest;

/** The variables of a history request. */
export interface ListVars {
  scope: string | null;
}

/** A JSON answer's body, as a reader gets it: `{}` when the answer was empty or not a JSON object. */
export type JsonBody = { readonly [key: string]: unknown };

/** The HTTP side of an answer, for readers that need more than the body (202, `Location`, a redirect). */
export interface BackendAnswer {
  status: number;
  headers: Headers;
  /** The final URL, after redirects. */
  url: string;
  /** True when `fetch` followed a redirect (a 303 to the result). */
  redirected: boolean;
}

/** A job in this library's words, as a reader maps the backend's answer. */
export interface BackendJob {
  /** The backend's job id; defaults to the id asked about. Required from `start.read`. */
  id?: string;
  status: JobStatus;
  /** 0..100. A backend that counts 0..1 multiplies by 100 here. */
  progress?: number;
  stage?: string;
  message?: string;
  label?: string;
  fileName?: string;
  size?: number;
  warnings?: string[];
  error?: ErrorInfo;
  completedAt?: number;
  /** Poll again no sooner than this (a 202's `Retry-After`, see `parseRetryAfter`). */
  retryAfterMs?: number;
  /**
   * Where the finished file is, when the answer says it (a file URL, a 303
   * target). Kept in the transport's memory only, never in state
   * (invariant 7); after a reload the status is asked again for it.
   */
  fileUrl?: string;
}

/** Maps one answer to a job. `vars` says which job was asked about. */
export type ReadJob = (body: JsonBody, answer: BackendAnswer, vars: JobVars) => BackendJob;

/** How the finished file is fetched. Absent: the `fileUrl` a status answer named, handed to the browser. */
export type DownloadSpec =
  | {
      /** An endpoint that answers the file itself (e.g. with `Authorization: Bearer`, no signed links). */
      route: Route<JobVars>;
      /** `blob` (default): fetched with the auth headers, with progress, then saved. `link`: handed to the browser (cookie auth only). */
      mode?: 'blob' | 'link';
    }
  | {
      /** An endpoint that answers a (signed) link to the file. */
      link: Route<JobVars>;
      /** Where the URL is in its answer. Default: `body.url`. */
      readLink?: (body: JsonBody, answer: BackendAnswer) => string;
      /** `link` (default): the URL goes to the browser, no file in memory. `blob`: fetched with progress, then saved. */
      mode?: 'link' | 'blob';
    }
  | {
      /** The `fileUrl` a status answer named (a 303 target), fetched this way: `blob` sends the auth headers (API origin only). Default `link`. */
      mode: 'link' | 'blob';
    };

/** Auth for every request of the kit. */
export interface KitAuth {
  /** Headers for every request (called before each one): `{ Authorization: \`Bearer ${token}\` }`. */
  headers?: HeadersOption;
  /**
   * A request was answered 401. Refresh the token and resolve `true` to
   * send that request again, once; resolve `false` (or throw) when the
   * session is over. Concurrent 401s share one call. A second 401 is the
   * error `unauthorized` ("sign in again"): never a loop.
   */
  onUnauthorized?: () => boolean | Promise<boolean>;
}

/** What a push factory gets from the kit: its URLs and its auth. */
export interface KitPushContext {
  /** A path under `baseUrl` as an absolute URL (or as given when `baseUrl` is ''). */
  url(path: string): string;
  /** The auth headers of the next request. */
  headers(): Promise<Record<string, string>>;
}

/** A push channel: the `subscribe` of a push adapter, or a factory of one that needs the kit's URLs or auth. */
export type PushOption = NonNullable<ExportTransport['subscribe']> | { create(kit: KitPushContext): NonNullable<ExportTransport['subscribe']> };

/** Options of `createRestTransport`. */
export interface RestTransportOptions {
  /** Where the API lives ('' = same origin). Templates are relative to it. */
  baseUrl?: string;
  start: {
    route: Route<StartVars>;
    /** The JSON body. Default: `{ scope, params, fileName }`. Return `undefined` for none. */
    body?: (req: StartVars) => unknown;
    /** Maps the start answer to a job; `id` is required. Default: `readJob`. */
    read?: (body: JsonBody, answer: BackendAnswer, req: StartVars) => BackendJob;
  };
  status: Route<JobVars>;
  /** Maps a status answer (and, by default, the start, cancel and history answers) to a job. */
  readJob: ReadJob;
  /**
   * Without it, cancelling fails with the code `unsupported`. A success
   * means `cancelled` unless `read` says otherwise (a 409 "already done"
   * makes the engine ask the status).
   */
  cancel?: Route<JobVars> | { route: Route<JobVars>; read?: ReadJob };
  /** Without it, the `fileUrl` from `readJob` is used (handed to the browser). */
  download?: DownloadSpec;
  /** Export history: jobs the server knows for a scope (`ExportTransport.list`). */
  list?: {
    route: Route<ListVars>;
    /** The items of its answer. Default: the answer itself when it is an array, else `jobs`, `items`, `history` or `data`. */
    items?: (body: unknown) => readonly unknown[];
    /** Default: `readJob`. Items without an id are skipped. */
    read?: ReadJob;
  };
  auth?: KitAuth;
  /**
   * The header that carries the start's idempotency key, when the backend
   * honours one (the reference API's is `Idempotency-Key`). Default: none
   * is sent, since an unknown header can fail a cross-origin preflight.
   */
  idempotencyKeyHeader?: string;
  /** A push channel (a push adapter's `subscribe`); the engine polls `status` when it is absent or gives up. */
  push?: PushOption;
  /** Per-request timeout of the JSON calls, ms. Default 15 000. */
  timeoutMs?: number;
  /** Other origins a file URL may point to (a CDN, a bucket). The API's own origin is always allowed. Auth headers are sent to the API's origin only. */
  allowedOrigins?: string[];
  openUrl?: OpenUrl;
  saveFile?: SaveFile;
  /** Default 30 000. */
  revokeObjectUrlAfterMs?: number;
  /** A blob download fails after this long without a byte. Default 60 000. */
  downloadIdleTimeoutMs?: number;
  fetch?: typeof fetch;
}
