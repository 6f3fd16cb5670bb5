import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Errors Fastify and Node raise before a route runs, answered in the API's
 * one error shape `{"error":{"code","message"}}` (see src/server/README.md):
 * a URL that does not decode (`%ZZ`, 400 `bad_request`), a path parameter
 * over the router's limit (414 `uri_too_long`), and requests Node cannot
 * parse at all (400 `bad_request`, 431 `headers_too_large`, 408 `timeout`).
 * The URL is never echoed back.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _request: FastifyRequest, reply: FastifyReply) => {
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.code(414).send({ error: { code: 'uri_too_long', message: 'A part of the URL is too long' } });
  }
  if (code === 'FST_ERR_BAD_URL') {
    return reply.code(400).send({ error: { code: 'bad_request', message: 'The URL is malformed (a bad percent-escape?)' } });
  }
  return reply.code(400).send({ error: { code: 'bad_request', message: 'The request is malformed' } });
};

/** Node's `clientError`: the request could not even be parsed, so the answer is written on the socket. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'timeout', 'The request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are too large']
        : [400, 'bad_request', 'The request is malformed'];
  // As Node's own handler: once a response has started on this socket (the bytes that
  // failed came after a request, e.g. a body sent without a length), nothing more can be said.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
