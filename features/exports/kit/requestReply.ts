/**
 * `requestReply`: the kit configured for the asynchronous request-reply
 * style (docs/design.md#bring-your-own-backend). The start answers 202
 * with `Location` (the status URL) and `Retry-After`; the status URL
 * answers 202 while the work runs (polled no sooner than its
 * `Retry-After`), then 200 with the result, or 303 to it (`fetch` follows
 * it). The status URL is the job id, so a reload needs nothing but the
 * state: it must carry no secret. The result URL is kept in memory only;
 * after a reload the status URL is asked again for it.
 */
import { InvalidResponseError } from '../errors/InvalidResponseError';
import { parseRetryAfter } from '../http/retryAfter';
import { TEXT_LIMITS } from '../model/fieldLimits';
import type { BackendAnswer, BackendJob, JsonBody, ReadJob, RestTransportOptions, Route, StartVars } from './types';

export interface RequestReplyOptions {
  /** The request that starts the work: `'POST /reports'`, or a function. */
  start: Route<StartVars>;
  /** Its JSON body. Default: `{ scope, params, fileName }`. */
  body?: (req: StartVars) => unknown;
  /** How the result is fetched: `blob` (default) with the kit's auth headers (API origin only), or `link` to the browser. */
  download?: 'blob' | 'link';
  /** `'DELETE'`: cancelling sends DELETE to the status URL. Default: no cancel. */
  cancel?: 'DELETE';
  /** Reads a status answer, when the backend says more than 202/200 (a `{ status: 'failed' }` body...). */
  readJob?: ReadJob;
}

const FAILED = /^(failed|failure|error|faulted)$/i;
const CANCELLED = /^(cancell?ed|aborted)$/i;

/** The 202 `Location`, resolved against the start's URL: the status URL, which becomes the job id. */
function readLocation(answer: BackendAnswer): BackendJob {
  const location = answer.headers.get('Location');
  if (!location) throw new InvalidResponseError(`The start answered ${answer.status} without a Location header (is it exposed to CORS?)`);
  const id = new URL(location, answer.url || undefined).href;
  if (id.length > TEXT_LIMITS.id) throw new InvalidResponseError(`The status URL is longer than ${TEXT_LIMITS.id} characters`);
  const retryAfterMs = parseRetryAfter(answer.headers.get('Retry-After'));
  return { id, status: 'pending', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** 202: still running (progress if the body says it); 200 after or without a redirect: done, the result at the final URL. */
export const readRequestReplyStatus: ReadJob = (body: JsonBody, answer: BackendAnswer) => {
  const retryAfterMs = parseRetryAfter(answer.headers.get('Retry-After'));
  const progress = typeof body.percentComplete === 'number' ? body.percentComplete : typeof body.progress === 'number' ? body.progress : undefined;
  const state = typeof body.status === 'string' ? body.status : '';
  if (FAILED.test(state)) {
    const message = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : 'The export failed';
    return { status: 'failed', error: { code: 'export_failed', message } };
  }
  if (CANCELLED.test(state)) return { status: 'cancelled' };
  if (answer.status === 202) {
    return { status: 'running', ...(progress !== undefined ? { progress } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { status: 'completed', fileUrl: answer.url };
};

/**
 * @example
 * const transport = createRestTransport({ baseUrl: 'https://api.example.com', ...requestReply({ start: 'POST /reports' }), auth });
 */
export function requestReply(options: RequestReplyOptions): Pick<RestTransportOptions, 'start' | 'status' | 'readJob' | 'download' | 'cancel'> {
  return {
    start: { route: options.start, ...(options.body ? { body: options.body } : {}), read: (_body, answer) => readLocation(answer) },
    status: ({ jobId }) => ({ method: 'GET', url: jobId }),
    readJob: options.readJob ?? readRequestReplyStatus,
    download: { mode: options.download ?? 'blob' },
    ...(options.cancel === 'DELETE' ? { cancel: ({ jobId }: { jobId: string }) => ({ method: 'DELETE' as const, url: jobId }) } : {}),
  };
}
