/**
 * The options of `createRtkQueryTransport`: the app's own RTK Query
 * endpoints, typed structurally so that no RTK Query type is imported
 * here (the entry stays free of `@reduxjs/toolkit/query` code).
 */
import type { ExportTransport, JobRef, StartExportRequest } from '../model/types';
import type { OpenUrl, SaveFile } from '../http/download';
import type { BackendJob } from '../kit/types';

/** What dispatching an endpoint's `initiate` returns, the parts the adapter uses. */
export interface RtkRequestHandle<Result> {
  unwrap(): Promise<Result>;
  abort(): void;
  /** Mutations: forget the result. */
  reset?(): void;
  /** Queries: drop this subscription (the entry goes after the endpoint's `keepUnusedDataFor`). */
  unsubscribe?(): void;
}

/** An RTK Query endpoint (`api.endpoints.x`), query or mutation. */
export interface RtkEndpoint<Arg, Result> {
  initiate(arg: Arg, options?: { track?: boolean; subscribe?: boolean; forceRefetch?: boolean }): (...args: never[]) => RtkRequestHandle<Result>;
}

/** One operation: which endpoint, the argument it takes, and how to read its result. */
export interface RtkOperation<Vars, Arg, Result, Out> {
  endpoint: RtkEndpoint<Arg, Result>;
  /** The endpoint's argument for this call. */
  arg: (vars: Vars) => Arg;
  read: (result: Result, vars: Vars) => Out;
}

/** The options that do not name an endpoint: the download's and the push channel's. */
export interface RtkTransportExtras {
  /** Or a download of your own (e.g. `downloadFile` with your auth), used when `link` is absent. */
  download?: ExportTransport['download'];
  /** A push adapter's `subscribe`; the engine polls `status` without one. */
  push?: NonNullable<ExportTransport['subscribe']>;
  /** Relative links resolve against it. Default: the page's origin. */
  baseUrl?: string;
  allowedOrigins?: string[];
  openUrl?: OpenUrl;
  saveFile?: SaveFile;
}

/** Options of `createRtkQueryTransport`. Every request goes through the endpoints, so through the app's `baseQuery`. */
export interface RtkQueryTransportOptions<SA, SR, QA, QR, CA, CR, LA, LR> extends RtkTransportExtras {
  /** The store's `dispatch`: the store that holds the api's reducer and middleware. */
  dispatch: (action: never) => unknown;
  /** A mutation; `read` must name the job id. */
  start: RtkOperation<StartExportRequest, SA, SR, BackendJob>;
  /** A query, asked afresh every time (`forceRefetch`), unsubscribed at once. */
  status: RtkOperation<JobRef, QA, QR, BackendJob>;
  /** A mutation. `read` defaults to `cancelled`. Without it, cancelling fails with the code `unsupported`. */
  cancel?: Omit<RtkOperation<JobRef, CA, CR, BackendJob>, 'read'> & { read?: (result: CR, vars: JobRef) => BackendJob };
  /** A query or mutation answering a (signed) link; `read` defaults to `result.url`. */
  link?: Omit<RtkOperation<JobRef, LA, LR, string>, 'read'> & { read?: (result: LR, vars: JobRef) => string; mode?: 'link' | 'blob' };
}
