import { ExportError } from './ExportError';

/** A server answered, but not with what the contract promises. */
export class InvalidResponseError extends ExportError {
  static override readonly kind = 'InvalidResponseError' as const;
  override name = 'InvalidResponseError' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_response', message, options);
  }
}
