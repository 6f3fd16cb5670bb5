import type { ErrorInfo } from '../model/types';

/**
 * The base of every error redux-export-jobs throws or reports. It carries a
 * stable `code` and serializes to the `{ code, message }` kept in state.
 *
 * @example
 * try { await transport.getStatus(id, signal) }
 * catch (e) { if (e instanceof ExportError) console.log(e.code) }
 */
export class ExportError extends Error {
  override name = 'ExportError' as string;
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The serializable form kept in state and shown to users. */
  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}
