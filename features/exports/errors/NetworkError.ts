import { ExportError } from './ExportError';

/** The request never got an answer: offline, connection refused or dropped. */
export class NetworkError extends ExportError {
  static override readonly kind = 'NetworkError' as const;
  override name = 'NetworkError' as const;

  constructor(message = 'The network request failed', options?: { cause?: unknown }) {
    super('network', message, options);
  }
}
