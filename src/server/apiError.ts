/**
 * An error the API answers with `{ error: { code, message } }` and its status.
 * Messages are written for people and never hold paths or ids of other users.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.headers = headers;
  }
}

export const notFound = (): ApiError => new ApiError(404, 'not_found', 'No export with this id');
export const gone = (): ApiError => new ApiError(410, 'expired', 'This export has expired and its file was deleted');
