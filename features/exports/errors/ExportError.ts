import type { ErrorInfo } from '../model/types';

/**
 * The mark every error of this library carries, under a global symbol: an
 * app that loads two copies of the package (its ESM and its CJS build, say)
 * still recognizes the errors of either one, so a 401 made by one copy's
 * transport is never retried by the other's engine as an unknown error.
 */
const BRAND = Symbol.for('redux-export-jobs/error');

/** The kinds of error, as branded: `instanceof` checks the kind, not the class object. */
export type ExportErrorKind = 'ExportError' | 'HttpStatusError' | 'NetworkError' | 'TimeoutError' | 'AbortedError' | 'InvalidResponseError';

type Branded = { [BRAND]?: ExportErrorKind };

/**
 * The base of every error redux-export-jobs throws or reports. It carries a
 * stable `code` and serializes to the `{ code, message }` kept in state.
 * `instanceof` works across copies of the package (see `BRAND` above).
 *
 * @example
 * try { await transport.getStatus(id, signal) }
 * catch (e) { if (e instanceof ExportError) console.log(e.code) }
 */
export class ExportError extends Error {
  /** The kind `instanceof` checks for this class (each subclass names its own). */
  static readonly kind: ExportErrorKind = 'ExportError';

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const kind = (value as Branded)[BRAND];
    if (kind === undefined) return false;
    return this.kind === 'ExportError' || this.kind === kind;
  }

  override name = 'ExportError' as string;
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: (new.target as typeof ExportError).kind, enumerable: false });
  }

  /** The serializable form kept in state and shown to users. */
  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}
