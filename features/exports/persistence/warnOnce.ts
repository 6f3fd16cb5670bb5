/**
 * How persistence tells the app about bad or failing storage
 * (docs/design.md#persistence: "with one warning to `onError`"):
 * - `tellSafely` passes one `ExportError` to `onError`, and a throwing
 *   `onError` is swallowed, never rethrown into the app;
 * - `createWarnOnce` does the same at most once per kind (the code): a
 *   storage that fails on every write warns once, not once a second.
 */
import { ExportError } from '../errors/ExportError';

/** Whoever listens: `onError` is read at each call. */
export interface ErrorListener {
  readonly onError?: (error: ExportError) => void;
}

/** Reports one failure of the kind `code`. Never throws. */
export type Warn = (code: string, message: string, cause?: unknown) => void;

/** Passes `new ExportError(code, message, { cause })` to `listener.onError`; never rethrows. */
export function tellSafely(listener: ErrorListener, code: string, message: string, cause?: unknown): void {
  try {
    listener.onError?.(new ExportError(code, message, { cause }));
  } catch {
    /* never rethrow into the app */
  }
}

/** A `Warn` that passes on the first warning of each kind only. */
export function createWarnOnce(listener: ErrorListener): Warn {
  const told = new Set<string>();
  return (code, message, cause) => {
    if (told.has(code)) return;
    told.add(code);
    tellSafely(listener, code, message, cause);
  };
}
