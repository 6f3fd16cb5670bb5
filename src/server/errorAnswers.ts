/**
 * The error answers of the API as route response schemas: every one is
 * `{"error":{"code","message"}}` (`ErrorBody`), with the codes and headers
 * src/server/README.md ("The HTTP API") lists. routeSchemas.ts picks the
 * statuses each operation can answer; docs/openapi.json is generated from it.
 */
const retryAfter = {
  'Retry-After': { type: 'string', description: 'Seconds to wait before trying again.' },
} as const;

const ERRORS = {
  400: 'Bad input: `invalid_json`, `bad_request` (wrong types, unknown fields, an id not matching the pattern, a URL that does not decode, a malformed Idempotency-Key or Last-Event-ID).',
  401: '`unauthorized`: no download token (`?token=` or `Authorization: Bearer`).',
  403: '`invalid_token` or `token_expired`.',
  404: '`not_found`: no export with this id.',
  409: '`not_ready` (no file yet, or the export failed or was cancelled), `already_completed` (cancel after completion), `idempotency_key_in_use`.',
  410: '`expired`: the export and its file were deleted.',
  413: '`too_large`: the body is over 64 KiB.',
  414: '`uri_too_long`: a part of the URL is over the router limit.',
  415: '`unsupported_media_type`: send the body as application/json.',
  416: '`range_not_satisfiable`: the range starts at or after the end of the file.',
  422: '`idempotency_key_reused`: this Idempotency-Key was used with another body.',
  429: '`too_many_active_exports` or `too_much_data`: this client holds too much; wait `Retry-After` seconds.',
  503: '`busy` (every slot runs an export), `shutting_down`, or `fault_injected` (the demo fault switch); retry after `Retry-After` seconds.',
} as const;

export type ErrorStatus = keyof typeof ERRORS;

function errorAnswer(status: ErrorStatus): Record<string, unknown> {
  const answer: Record<string, unknown> = { description: ERRORS[status], $ref: 'ErrorBody#' };
  if (status === 429 || status === 503) answer.headers = retryAfter;
  if (status === 401) answer.headers = { 'WWW-Authenticate': { type: 'string', const: 'Bearer' } };
  if (status === 416) answer.headers = { 'Content-Range': { type: 'string', description: '`bytes */<size>`' } };
  return answer;
}

/** Statuses every `/api/` operation may answer: a URL that does not decode, an over-long id, a fault or a shutdown. */
const ANY_ROUTE: readonly ErrorStatus[] = [400, 414, 503];

/** The error part of a route's `response` schema: `statuses` plus those every route may answer. */
export function errorAnswers(...statuses: ErrorStatus[]): Record<number, Record<string, unknown>> {
  const all = [...new Set([...ANY_ROUTE, ...statuses])].sort((a, b) => a - b);
  return Object.fromEntries(all.map((status) => [status, errorAnswer(status)]));
}
