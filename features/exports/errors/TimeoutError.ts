import { ExportError } from './ExportError';

/** A request took longer than its timeout. */
export class TimeoutError extends ExportError {
  static override readonly kind = 'TimeoutError' as const;
  override name = 'TimeoutError' as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super('timeout', `The request timed out after ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}
