/**
 * `createRtkQueryTransport`: an `ExportTransport` made of the app's own RTK
 * Query endpoints, so that the app's `baseQuery` (base URL, auth, re-auth,
 * its retry settings) makes every request (docs/design.md#bring-your-own-backend).
 * Each call is dispatched through the store (`endpoint.initiate`) and
 * leaves nothing behind: mutations are untracked and reset, queries are
 * asked afresh and unsubscribed at once.
 */
import { AbortedError } from '../errors/AbortedError';
import { ExportError } from '../errors/ExportError';
import { downloadFile } from '../http/downloadFile';
import { toSnapshot } from '../kit/toSnapshot';
import type { ExportTransport, JobRef } from '../model/types';
import { fromRtkQueryError } from './rtkQueryError';
import type { RtkEndpoint, RtkQueryTransportOptions, RtkRequestHandle, RtkTransportExtras } from './types';
import type { FileDownload } from '../http/downloadFile';

/** What `downloadFile` needs, from the transport's options. */
function fileOf(options: RtkTransportExtras, url: string, mode: 'link' | 'blob', fileName: string | undefined): FileDownload {
  return {
    url,
    mode,
    ...(fileName ? { fileName } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.openUrl ? { openUrl: options.openUrl } : {}),
    ...(options.saveFile ? { saveFile: options.saveFile } : {}),
  };
}

/**
 * @example
 * const transport = createRtkQueryTransport({
 *   dispatch: store.dispatch,
 *   start: { endpoint: api.endpoints.startExport, arg: (req) => ({ projectId: req.scope }), read: (r) => ({ id: r.jobId, status: 'pending' }) },
 *   status: { endpoint: api.endpoints.exportStatus, arg: (job) => job, read: (r) => ({ status: toStatus(r.status), progress: r.progress }) },
 *   link: { endpoint: api.endpoints.exportLink, arg: (job) => job.id },
 * });
 */
export function createRtkQueryTransport<SA, SR, QA, QR, CA, CR, LA, LR>(
  options: RtkQueryTransportOptions<SA, SR, QA, QR, CA, CR, LA, LR>,
): ExportTransport {
  const dispatch = options.dispatch as unknown as <R>(thunk: (...args: never[]) => R) => R;

  /** One request through the store: aborted with `signal`, its cache entry released whatever happens. */
  async function call<A, R>(endpoint: RtkEndpoint<A, R>, arg: A, signal: AbortSignal): Promise<R> {
    if (signal.aborted) throw new AbortedError(signal.reason);
    const handle: RtkRequestHandle<R> = dispatch(endpoint.initiate(arg, { track: false, subscribe: true, forceRefetch: true }));
    const abort = () => handle.abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      return await handle.unwrap();
    } catch (error) {
      throw fromRtkQueryError(error, signal);
    } finally {
      signal.removeEventListener('abort', abort);
      handle.unsubscribe?.();
      handle.reset?.();
    }
  }
  const refOf = (id: string, job?: JobRef): JobRef => job ?? { id, scope: null };

  const transport: ExportTransport = {
    async start(req, signal) {
      const result = await call(options.start.endpoint, options.start.arg(req), signal);
      return toSnapshot(options.start.read(result, req), undefined, req.scope);
    },
    async getStatus(id, signal, job) {
      const ref = refOf(id, job);
      const result = await call(options.status.endpoint, options.status.arg(ref), signal);
      return toSnapshot(options.status.read(result, ref), id, ref.scope);
    },
    async cancel(id, signal, job) {
      const spec = options.cancel;
      if (!spec) throw new ExportError('unsupported', 'This export API cannot cancel exports');
      const ref = refOf(id, job);
      const result = await call(spec.endpoint, spec.arg(ref), signal);
      return toSnapshot(spec.read ? spec.read(result, ref) : { status: 'cancelled' }, id, ref.scope);
    },
    async download(job, opts) {
      const spec = options.link;
      if (!spec) {
        if (!options.download) throw new ExportError('unsupported', 'createRtkQueryTransport: give it a `link` endpoint or a `download` function');
        return options.download(job, opts);
      }
      const ref = { id: job.id, scope: job.scope };
      const result = await call(spec.endpoint, spec.arg(ref), opts.signal);
      const url = spec.read ? spec.read(result, ref) : (result as { url?: unknown }).url;
      if (typeof url !== 'string' || url === '') throw new ExportError('invalid_response', 'The link endpoint answered no `url`');
      return downloadFile(fileOf(options, url, spec.mode ?? 'link', job.fileName), opts);
    },
  };
  if (options.push) transport.subscribe = options.push;
  return transport;
}
