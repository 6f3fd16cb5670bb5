import type { ExportJob, ExportTransport, StartExportRequest } from '../model/types';
import type { OpenUrl, SaveFile } from './download';
import { browserOpenUrl, createBrowserSaveFile, downloadJob } from './download';
import type { HeadersOption, RequestContext } from './request';
import { requestJson } from './request';
import { readDeliveriesAnswer, readJobAnswer } from './answers';
import { ssePush } from '../push/ssePush';

/** Options of `createHttpTransport`. */
export interface HttpTransportOptions {
  /** Where the API lives, e.g. `https://api.example.com` ('' = same origin). Paths start with `/api/exports`. */
  baseUrl?: string;
  /** Extra request headers, or a (possibly async) function returning them: for auth. */
  headers?: HeadersOption;
  /** Per-request timeout of the JSON calls, ms. Default 15 000. */
  timeoutMs?: number;
  /** `link` (default): a signed URL handed to the browser, no file in memory. `blob`: fetched with progress, then saved. */
  download?: 'link' | 'blob';
  /** Other origins a download link may point to (a CDN, a storage bucket). The API's own origin is always allowed. */
  allowedOrigins?: string[];
  /** How a link is handed to the browser. Default: a temporary `<a download>` click. Inject it in Node tests. */
  openUrl?: OpenUrl;
  /** How a blob is saved. Default: an object URL clicked once, revoked after `revokeObjectUrlAfterMs`. */
  saveFile?: SaveFile;
  /** Default 30 000. */
  revokeObjectUrlAfterMs?: number;
  /** A blob download fails after this long without a byte. Default 60 000. */
  downloadIdleTimeoutMs?: number;
  /** Use SSE for `subscribe` (default true); `false` leaves the job to the engine's polling. */
  sse?: boolean;
  /** The wait between SSE connections, and the base of the backoff after failed ones. Default 1 000. */
  reconnectDelayMs?: number;
  /** The longest wait between SSE connections (a `Retry-After` may ask for longer). Default 15 000. */
  maxReconnectDelayMs?: number;
  /** Failed SSE connections in a row before `subscribe` gives up and the engine polls `getStatus`. Default 3. */
  maxSseFailures?: number;
  /**
   * Ignored. The transport no longer polls: when SSE gives up, the engine
   * does, at its own `pollIntervalMs` option.
   * @deprecated Use the engine's `pollIntervalMs` option. Will be removed in the next minor.
   */
  pollIntervalMs?: number;
  /**
   * Ignored. The transport no longer polls: when SSE gives up, the engine
   * does, at its own `pollIntervalMs` option (capped by its `pollMaxIntervalMs`).
   * @deprecated Use the engine's `pollIntervalMs` / `pollMaxIntervalMs` options. Will be removed in the next minor.
   */
  maxPollIntervalMs?: number;
  /** An SSE stream silent for this long (no heartbeat) is reconnected. Default 45 000. */
  sseIdleTimeoutMs?: number;
  /** A fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * The `ExportTransport` for the reference HTTP API (docs/design.md#http-api).
 *
 * @example
 * const transport = createHttpTransport({
 *   baseUrl: 'https://api.example.com',
 *   headers: async () => ({ Authorization: `Bearer ${await getToken()}` }),
 * });
 */
export function createHttpTransport(options: HttpTransportOptions = {}): ExportTransport {
  const ctx: RequestContext = {
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.headers ? { headers: options.headers } : {}),
  };
  const jobPath = (id: string, suffix = '') => `/api/exports/${encodeURIComponent(id)}${suffix}`;

  const downloadDeps = {
    ctx,
    mode: options.download ?? 'link',
    allowedOrigins: options.allowedOrigins ?? [],
    openUrl: options.openUrl ?? browserOpenUrl,
    saveFile: options.saveFile ?? createBrowserSaveFile(options.revokeObjectUrlAfterMs ?? 30_000),
    idleTimeoutMs: options.downloadIdleTimeoutMs ?? 60_000,
  };

  const transport: ExportTransport = {
    async start(req: StartExportRequest, signal: AbortSignal) {
      const body: Record<string, unknown> = { scope: req.scope };
      if (req.params !== undefined) body.params = req.params;
      if (req.fileName !== undefined) body.fileName = req.fileName;
      // The same key for the same start, after a reload too: the server answers the same job.
      const headers = req.idempotencyKey === undefined ? undefined : { 'Idempotency-Key': req.idempotencyKey };
      return (await requestJson(ctx, { method: 'POST', path: '/api/exports', body, signal, read: readJobAnswer, headers })).job;
    },
    async getStatus(id, signal) {
      return (await requestJson(ctx, { method: 'GET', path: jobPath(id), signal, read: readJobAnswer })).job;
    },
    async cancel(id, signal) {
      return (await requestJson(ctx, { method: 'POST', path: jobPath(id, '/cancel'), signal, read: readJobAnswer })).job;
    },
    download(job: ExportJob, opts) {
      return downloadJob(downloadDeps, job, opts);
    },
    // Receipts ride on the job answer (docs/design.md#http-api): `null` until the link is fetched.
    async getDelivery(id, deliveryId, signal) {
      const receipts = await requestJson(ctx, { method: 'GET', path: jobPath(id), signal, read: readDeliveriesAnswer });
      return receipts.find((receipt) => receipt.id === deliveryId) ?? null;
    },
  };
  if (options.sse !== false) {
    // Resolves when SSE gives up or the job has ended; the engine polls what is left (docs/design.md#watch-engine).
    transport.subscribe = ssePush({
      baseUrl: ctx.baseUrl,
      fetch: ctx.fetch,
      timeoutMs: ctx.timeoutMs,
      ...(options.headers ? { headers: options.headers } : {}),
      reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 15_000,
      maxFailures: options.maxSseFailures ?? 3,
      idleTimeoutMs: options.sseIdleTimeoutMs ?? 45_000,
    });
  }
  return transport;
}
