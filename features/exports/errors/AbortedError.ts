import { ExportError } from './ExportError';

/** Work stopped because its `AbortSignal` aborted (cancel, dismiss, dispose). */
export class AbortedError extends ExportError {
  override name = 'AbortedError' as const;

  constructor(reason?: unknown) {
    super('aborted', typeof reason === 'string' ? `The operation was aborted (${reason})` : 'The operation was aborted', { cause: reason });
  }
}
