/**
 * Push over Server-Sent Events: the reference API's stream, as
 * `createHttpTransport` uses it, or any SSE endpoint whose `data:` is
 * `{ job }` or a job (`http/sseSubscribe.ts`: `Last-Event-ID`, de-duplication
 * by id, 404/410 as `expired`, a silent stream dropped, reconnects on the
 * shared backoff loop). Read with `fetch`, so auth headers work.
 */
import type { ExportTransport } from '../model/types';
import type { HeadersOption } from '../http/request';
import { subscribeJob } from '../http/sseSubscribe';
import type { SubscribeOptions } from '../http/sseSubscribe';

export interface SsePushOptions {
  /** Where the API lives ('' = same origin). @default '' */
  baseUrl?: string;
  /** The stream's path for a job. @default (id) => `/api/exports/${id}/events` */
  path?: (jobId: string) => string;
  /** Request headers, or a (possibly async) function returning them: for auth. */
  headers?: HeadersOption;
  /** A fetch implementation. @default the global `fetch` */
  fetch?: typeof fetch;
  /** How long to wait for the stream's response headers, ms. @default 15000 */
  timeoutMs?: number;
  /** The wait between connections, and the base of the backoff. @default 1000 */
  reconnectDelayMs?: number;
  /** @default 15000 */
  maxReconnectDelayMs?: number;
  /** Failed connections in a row before it gives up and the engine polls. @default 3 */
  maxFailures?: number;
  /** A stream silent for this long (no heartbeat) is reconnected. @default 45000 */
  idleTimeoutMs?: number;
}

/**
 * An `ExportTransport['subscribe']` over SSE.
 *
 * @example
 * const subscribe = ssePush({ baseUrl: 'https://api.example.com', path: (id) => `/jobs/${id}/events` });
 */
export function ssePush(options: SsePushOptions = {}): NonNullable<ExportTransport['subscribe']> {
  const opts: SubscribeOptions = {
    ctx: {
      baseUrl: options.baseUrl ?? '',
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 15_000,
      ...(options.headers ? { headers: options.headers } : {}),
    },
    ...(options.path ? { path: options.path } : {}),
    reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 15_000,
    maxSseFailures: options.maxFailures ?? 3,
    sseIdleTimeoutMs: options.idleTimeoutMs ?? 45_000,
  };
  // Resolves when SSE gives up or the job has ended; the engine polls what is left.
  return (id, onEvent, signal) => subscribeJob(opts, id, onEvent, signal);
}
