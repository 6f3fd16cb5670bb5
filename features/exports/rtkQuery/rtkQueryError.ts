/**
 * What an RTK Query request rejected with, as an ExportError the retry
 * policy reads: `{ status: 401 }` is an `HttpStatusError` (never retried),
 * `FETCH_ERROR` a `NetworkError`, `TIMEOUT_ERROR` a `TimeoutError`,
 * `PARSING_ERROR` an `InvalidResponseError`, an abort an `AbortedError`.
 */
import { AbortedError, ExportError, HttpStatusError, InvalidResponseError, NetworkError, TimeoutError } from '../errors';
import { own, readObject } from '../shapes/jsonShape';
import { attempt } from '../shapes/jsonShape';
import { readErrorMessage } from '../http/answers';

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.slice(0, 300);
  return attempt(readErrorMessage, value)?.slice(0, 300);
}

export function fromRtkQueryError(error: unknown, signal: AbortSignal): Error {
  if (error instanceof ExportError) return error;
  if (signal.aborted) return new AbortedError(signal.reason);
  const raw = attempt((value) => readObject(value), error) ?? {};
  const status = own(raw, 'status');
  if (typeof status === 'number') {
    const message = messageOf(own(raw, 'data'));
    return new HttpStatusError(status, message ? { message } : {});
  }
  if (status === 'TIMEOUT_ERROR') return new TimeoutError(0);
  if (status === 'PARSING_ERROR') return new InvalidResponseError("The server's answer could not be read");
  if (status === 'FETCH_ERROR') return new NetworkError(messageOf(own(raw, 'error')));
  if (own(raw, 'name') === 'AbortError') return new AbortedError('aborted');
  return new NetworkError(messageOf(own(raw, 'error')) ?? messageOf(own(raw, 'message')));
}
