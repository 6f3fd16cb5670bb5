import { ExportError } from './ExportError';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  409: 'conflict',
  410: 'gone',
  413: 'too_large',
  429: 'rate_limited',
};

/** The stable code for an HTTP status: `unauthorized` for 401, `server_error` for any 5xx... */
export function codeForStatus(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'server_error' : 'http_error');
}

/**
 * A server answered with a status that is not a success.
 *
 * @example
 * throw new HttpStatusError(503, { retryAfterMs: 5_000 })
 */
export class HttpStatusError extends ExportError {
  static override readonly kind = 'HttpStatusError' as const;
  override name = 'HttpStatusError' as const;
  readonly status: number;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    status: number,
    options: { message?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(codeForStatus(status), options.message ?? `The server answered ${status}`, { cause: options.cause });
    this.status = status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
