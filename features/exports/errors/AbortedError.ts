import { ExportError } from './ExportError';

/** Work stopped because its `AbortSignal` aborted (cancel, dismiss, dispose). */
export class AbortedError extends ExportError {
  static override readonly kind = 'AbortedError' as const;
  override name = 'AbortedError' as const;

  constructor(reason?: unknown) {
    super('aborted', typeof reason === 'string' ? `The operation was aborted (${reason})` : 'The operation was aborted', { cause: reason });
  }
}
