/**
 * Readers for untrusted JSON: a server's answer, a stored value, another
 * tab's message. Each returns the value in the type asked for, or throws a
 * `ShapeError` that names where it went wrong (`warnings.3`, `error.code`).
 * Objects are read by their own keys only, so `__proto__` and friends read
 * as absent, and keys nobody asked for are left behind.
 *
 * The client checks a handful of fixed shapes, so these few functions do
 * it; a schema library would cost more bytes than the code it checks (the
 * reference server, which apps do not ship, uses valibot).
 */

import { clipText } from '../model/fieldLimits';

/** A value that is not the shape asked for; `path` is where (empty: the value itself). */
export class ShapeError extends Error {
  override name = 'ShapeError' as const;

  constructor(readonly path: string) {
    super(path ? `unexpected value at ${path}` : 'unexpected value');
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

/** `path` followed by `key`, dot-separated. */
export const at = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

/** A plain object (not `null`, not an array). */
export function readObject(value: unknown, path = ''): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError(path);
  return value as JsonObject;
}

/** An own property of `object`; an inherited one reads as absent. */
export const own = (object: JsonObject, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;

/** What to do with a text or list longer than its limit: keep the start, or refuse the value. */
export type OverLimit = 'cut' | 'refuse';

/** A string of at most `max` characters. */
export function readText(value: unknown, path: string, max: number, overLimit: OverLimit = 'refuse'): string {
  if (typeof value !== 'string' || (value.length > max && overLimit === 'refuse')) throw new ShapeError(path);
  return clipText(value, max);
}

/** A finite number within `min..max`. */
export function readNumber(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new ShapeError(path);
  return value;
}

/** One of the strings in `choices`. */
export function readChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new ShapeError(path);
  return value as T;
}

/** An array whose items `readItem` accepts, at most `max` of them (more are cut or refused). */
export function readList<T>(
  value: unknown,
  path: string,
  max: number,
  overLimit: OverLimit,
  readItem: (item: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(value) || (value.length > max && overLimit === 'refuse')) throw new ShapeError(path);
  return value.slice(0, max).map((item: unknown, index) => readItem(item, at(path, index)));
}

/**
 * Copies `object[key]` onto `target` through `read` when it is there.
 * `null` counts as absent: servers say "no value" both ways.
 */
export function copyOptional<K extends string, T>(
  target: { [P in K]?: T },
  object: JsonObject,
  key: K,
  path: string,
  read: (value: unknown, path: string) => T,
): void {
  const value = own(object, key);
  if (value != null) target[key] = read(value, at(path, key));
}

/** `read(value)`, or `undefined` when the value is not the shape `read` wants. */
export function attempt<T>(read: (value: unknown) => T, value: unknown): T | undefined {
  try {
    return read(value);
  } catch (error) {
    if (error instanceof ShapeError) return undefined;
    throw error;
  }
}
