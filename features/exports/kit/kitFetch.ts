/**
 * Every request of the kit: the auth headers (to the API's origin only),
 * a timeout linked to the caller's signal, typed errors, and the one
 * refresh on a 401: `onUnauthorized` is called (shared by concurrent
 * 401s), the request is sent again once, and a second 401 is the error
 * `unauthorized` ("sign in again"), never a loop.
 */
import { ExportError } from '../errors/ExportError';
import { HttpStatusError } from '../errors/HttpStatusError';
import { httpError, resolveHeaders, toTransportError, apiUrl } from '../http/request';
import { linkSignal } from '../http/signals';
import type { KitAuth, KitRequest } from './types';

export interface KitContext {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  auth?: KitAuth;
  /** The refresh in flight, shared by the requests that met a 401 meanwhile. */
  refreshing?: Promise<boolean>;
}

/** The words a user sees when the session cannot be renewed. */
export const SIGN_IN_AGAIN = 'Your session has ended. Sign in again, then try again.';

/** `url` as an absolute URL (or as given on a same-origin `baseUrl` '' without a page). */
export function kitUrl(kit: KitContext, url: string): string {
  return /^https?:\/\//i.test(url) ? url : apiUrl(kit.baseUrl, url);
}

/** True when `url` is on the API's origin: the only one the auth headers go to. */
function onApiOrigin(kit: KitContext, url: string): boolean {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    const base = new URL(apiUrl(kit.baseUrl, '/'), page);
    return new URL(url, base).origin === base.origin;
  } catch {
    return !/^https?:\/\//i.test(url);
  }
}

/** Shares one `onUnauthorized` among the requests that meet a 401 while it runs. */
function refresh(kit: KitContext): Promise<boolean> {
  const onUnauthorized = kit.auth?.onUnauthorized;
  if (!onUnauthorized) return Promise.resolve(false);
  kit.refreshing ??= Promise.resolve()
    .then(onUnauthorized)
    .then((again) => again === true, () => false)
    .finally(() => (kit.refreshing = undefined));
  return kit.refreshing;
}

/**
 * Sends `req`; resolves the response when it is a success (the body unread),
 * throws an ExportError otherwise. `timeoutMs` covers the whole call
 * including `read`; `undefined` leaves timing to the caller's signal.
 */
export async function kitFetch<T>(
  kit: KitContext,
  req: KitRequest,
  signal: AbortSignal,
  read: (response: Response) => Promise<T>,
  timeoutMs: number | undefined = kit.timeoutMs,
): Promise<T> {
  const url = kitUrl(kit, req.url);
  // No timeout: the caller's signal as it is (a blob download's idle timer must still reach the body).
  const linked = timeoutMs === undefined ? { signal, timedOut: () => false, touch: () => undefined, dispose: () => undefined } : linkSignal(signal, timeoutMs);
  const send = async (): Promise<Response> => {
    const headers = onApiOrigin(kit, url) ? await resolveHeaders(kit.auth?.headers) : {};
    Object.assign(headers, req.headers);
    headers.Accept ??= 'application/json';
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    return kit.fetch(url, { method: req.method, headers, body, signal: linked.signal });
  };
  try {
    let response = await send();
    if (response.status === 401 && kit.auth?.onUnauthorized) {
      await response.body?.cancel().catch(() => undefined);
      if (await refresh(kit)) response = await send();
    }
    if (response.status === 401) throw new HttpStatusError(401, { message: SIGN_IN_AGAIN });
    if (!response.ok) throw httpError(response, (await response.text().catch(() => '')).slice(0, 4096));
    return await read(response);
  } catch (cause) {
    if (cause instanceof ExportError) throw cause;
    throw toTransportError(cause, signal, linked, timeoutMs ?? 0);
  } finally {
    linked.dispose();
  }
}
