import { AbortedError, HttpStatusError, InvalidResponseError, NetworkError, TimeoutError } from '../errors';
import { parseRetryAfter } from './retryAfter';
import { attempt, ShapeError } from '../shapes/jsonShape';
import { readErrorMessage } from './answers';
import { linkSignal } from './signals';
import type { LinkedSignal } from './signals';

/** Static headers, or a (possibly async) function called before every request: for auth. */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

export interface RequestContext {
  baseUrl: string;
  fetch: typeof fetch;
  headers?: HeadersOption;
  timeoutMs: number;
}

export async function resolveHeaders(option: HeadersOption | undefined): Promise<Record<string, string>> {
  if (!option) return {};
  return { ...(typeof option === 'function' ? await option() : option) };
}

/** `baseUrl` + an API path (`baseUrl` may be '' for same-origin, or end in '/'). */
export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * One JSON request: headers resolved, a timeout and the caller's signal
 * linked, the answer checked with `read` (which throws a `ShapeError`). Throws only ExportErrors:
 * AbortedError, TimeoutError, NetworkError, HttpStatusError (with
 * `retryAfterMs`), InvalidResponseError.
 */
export async function requestJson<T>(
  ctx: RequestContext,
  init: {
    method: 'GET' | 'POST';
    path: string;
    body?: unknown;
    signal: AbortSignal;
    read: (json: unknown) => T;
    timeoutMs?: number;
    /** Headers of this request only (over the transport's own). */
    headers?: Record<string, string>;
  },
): Promise<T> {
  if (init.signal.aborted) throw new AbortedError(init.signal.reason);
  const timeoutMs = init.timeoutMs ?? ctx.timeoutMs;
  const linked = linkSignal(init.signal, timeoutMs);
  try {
    const headers = await resolveHeaders(ctx.headers).catch((cause: unknown) => {
      throw new NetworkError('Could not prepare the request headers', { cause });
    });
    Object.assign(headers, init.headers);
    headers.Accept ??= 'application/json';
    let body: string | undefined;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    let text: string;
    try {
      linked.signal.throwIfAborted();
      response = await ctx.fetch(apiUrl(ctx.baseUrl, init.path), { method: init.method, headers, body, signal: linked.signal });
      text = await response.text();
    } catch (cause) {
      throw toTransportError(cause, init.signal, linked, timeoutMs);
    }
    if (!response.ok) throw httpError(response, text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new InvalidResponseError(`${init.method} ${init.path}: the server's answer is not JSON`, { cause });
    }
    try {
      return init.read(json);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new InvalidResponseError(`${init.method} ${init.path}: unexpected answer${error.path ? ` at ${error.path}` : ''}`);
    }
  } finally {
    linked.dispose();
  }
}

/** Maps what `fetch` (or a body read) threw to an ExportError. */
export function toTransportError(cause: unknown, parent: AbortSignal, linked: LinkedSignal, timeoutMs: number): Error {
  if (cause instanceof HttpStatusError || cause instanceof InvalidResponseError) return cause;
  if (parent.aborted) return new AbortedError(parent.reason);
  if (linked.timedOut()) return new TimeoutError(timeoutMs, { cause });
  return new NetworkError(cause instanceof Error && cause.message ? `The network request failed: ${cause.message}` : undefined, { cause });
}

/** A non-2xx answer as an HttpStatusError, with the server's message when it sent `{error:{message}}`. */
export function httpError(response: Response, bodyText?: string): HttpStatusError {
  let message: string | undefined;
  if (bodyText) {
    try {
      message = attempt(readErrorMessage, JSON.parse(bodyText))?.slice(0, 300);
    } catch {
      // not JSON: keep the generic message
    }
  }
  return new HttpStatusError(response.status, {
    ...(message ? { message } : {}),
    retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
  });
}
