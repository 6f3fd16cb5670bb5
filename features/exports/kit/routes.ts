/**
 * Routes of the kit: a template (`'GET /projects/{scope}/export/{jobId}'`)
 * checked once, when the transport is made, or a function building the
 * request. A placeholder an operation cannot fill is an error at creation,
 * naming the operation and the placeholders it has.
 */
import { ExportError } from '../errors/ExportError';
import type { HttpMethod, KitRequest, Route } from './types';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** A route made ready: call it with the operation's variables. */
export type BuiltRoute<Vars> = (vars: Vars) => KitRequest;

/**
 * Checks `route` for the operation `operation`, whose variables are
 * `names` (`open`: other names are read from the start's `params`, at call time).
 */
export function compileRoute<Vars extends object>(
  operation: string,
  route: Route<Vars>,
  names: readonly string[],
  open = false,
): BuiltRoute<Vars> {
  if (typeof route === 'function') return route;
  const match = /^([A-Z]+) (\/\S*)$/.exec(typeof route === 'string' ? route : '');
  const method = match?.[1] as HttpMethod | undefined;
  const path = match?.[2];
  if (!method || !path || !METHODS.includes(method)) {
    throw new TypeError(`createRestTransport: the ${operation} route must read "METHOD /path" (${METHODS.join(', ')}), not ${JSON.stringify(route)}`);
  }
  const used = [...path.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const unknown = used.filter((name) => !names.includes(name) && (!open || name === 'jobId' || !/^\w+$/.test(name)));
  if (unknown.length > 0) {
    throw new TypeError(
      `createRestTransport: the ${operation} route "${route}" uses {${unknown.join('}, {')}}, which ${operation} cannot fill; ` +
        `it has ${names.map((n) => `{${n}}`).join(', ')}${open ? ' and the keys of the start params' : ''}`,
    );
  }
  return (vars) => ({ method, url: path.replace(PLACEHOLDER, (_all, name: string) => fill(operation, vars, name)) });
}

/** One placeholder's value, URL-encoded: from the variables, else from `params` (start). */
function fill(operation: string, vars: object, name: string): string {
  const own = vars as Record<string, unknown>;
  const params = own.params;
  const value = name in own ? own[name] : typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    // Not retried: the same request would miss it again.
    throw new ExportError('bad_request', `createRestTransport: the ${operation} route needs {${name}}, and this request has none`);
  }
  return encodeURIComponent(String(value));
}
