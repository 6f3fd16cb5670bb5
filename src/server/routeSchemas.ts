import { errorAnswers } from './errorAnswers';
import { IDEMPOTENCY_KEY_RE } from './idempotencyKeys';
import * as S from './schemas';

/**
 * The full schema of each route: what Fastify validates and serializes, and
 * what docs/openapi.json is generated from (`npm run openapi`). Request
 * headers listed here are documented, not validated beyond their type (the
 * handlers check them and answer 400 in the error shape).
 */
const job = { $ref: 'JobAnswer#' } as const;
const noBody = (description: string) => ({ description, type: 'null' }) as const;
const fileHeaders = {
  'Content-Disposition': { type: 'string', description: "`attachment; filename=\"<ASCII fallback>\"; filename*=UTF-8''<name>`" },
  'Content-Length': { type: 'integer' },
  ETag: { type: 'string', description: 'Strong: the sha256 of the ZIP, quoted.' },
  'Accept-Ranges': { type: 'string', const: 'bytes' },
  'Cache-Control': { type: 'string', const: 'private, no-store' },
} as const;
const zip = (description: string, extraHeaders: Record<string, unknown> = {}) => ({
  description,
  headers: { ...fileHeaders, ...extraHeaders },
  content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
});

export const health = {
  operationId: 'getHealth',
  tags: ['service'],
  summary: 'Liveness',
  response: {
    200: { type: 'object', required: ['ok'], additionalProperties: false, properties: { ok: { type: 'boolean', const: true } } },
    ...errorAnswers(),
  },
} as const;

export const startExport = {
  operationId: 'startExport',
  tags: ['exports'],
  summary: 'Start an export',
  description:
    'No body at all means all defaults. With an `Idempotency-Key`, the same key from the same client within 24 h answers the job the first request started (header `Idempotent-Replayed: true`) and makes no second job.',
  headers: {
    type: 'object',
    properties: {
      'idempotency-key': { type: 'string', description: `Optional; must match \`${IDEMPOTENCY_KEY_RE.source}\` (else 400).` },
    },
  },
  body: S.startBody,
  response: {
    202: {
      description: 'Started (or, with a replayed Idempotency-Key, the job the first request started, in its current state).',
      headers: {
        Location: { type: 'string', description: '`/api/exports/{id}`' },
        'Idempotent-Replayed': { type: 'string', const: 'true', description: 'Only on a replay.' },
      },
      ...job,
    },
    ...errorAnswers(409, 410, 413, 415, 422, 429),
  },
} as const;

export const getExport = {
  operationId: 'getExport',
  tags: ['exports'],
  summary: 'The status of an export',
  params: S.idParams,
  response: { 200: { description: 'The job, with its delivery receipts.', ...job }, ...errorAnswers(404, 410) },
} as const;

export const exportEvents = {
  operationId: 'streamExportEvents',
  tags: ['exports'],
  summary: 'Server-sent events of an export',
  description:
    'Events `progress`, `completed`, `failed`, `cancelled`, `delivery`, each `id:`-numbered per job, `data: {"type":...,"job":{...}}`. Only events after `Last-Event-ID` (header, or `?lastEventId=`) are sent; the terminal event is sent once and the stream ends. `Connection: close` gets the backlog and the stream ends. `HEAD` answers the same status and headers without a body.',
  params: S.idParams,
  querystring: S.eventsQuery,
  headers: {
    type: 'object',
    properties: { 'last-event-id': { type: 'string', description: 'The id of the last event seen (digits, at most 15).' } },
  },
  response: {
    200: {
      description: 'The event stream (`: hb` comments every 15 s keep it alive).',
      content: { 'text/event-stream': { schema: { type: 'string', description: 'text/event-stream frames' } } },
    },
    204: noBody('The stream is past the terminal event of a finished job: the standard way to make an EventSource stop.'),
    ...errorAnswers(404, 410),
  },
} as const;

export const cancelExport = {
  operationId: 'cancelExport',
  tags: ['exports'],
  summary: 'Cancel an export (idempotent)',
  params: S.idParams,
  response: { 200: { description: 'The job, `cancelled` (or already failed/cancelled).', ...job }, ...errorAnswers(404, 409, 410, 413, 415) },
} as const;

export const createLink = {
  operationId: 'createDownloadLink',
  tags: ['downloads'],
  summary: 'A signed download link of a finished export',
  params: S.idParams,
  response: {
    200: { description: 'A link valid for 60 s by default; each one is a new delivery.', $ref: 'LinkAnswer#' },
    ...errorAnswers(404, 409, 410, 413, 415),
  },
} as const;

export const downloadFile = {
  operationId: 'downloadExportFile',
  tags: ['downloads'],
  summary: 'The file of a finished export',
  description:
    'The token comes from the link (`?token=`) or `Authorization: Bearer`. `If-None-Match` (`*` or a list, compared weakly) answers 304. One `Range: bytes=N-`, `N-M` or `-S` answers 206; several ranges, another unit or bad syntax are ignored (200). `If-Range` must carry the strong ETag for the range to apply. `HEAD` answers the headers without a body and records no delivery.',
  params: S.idParams,
  querystring: S.fileQuery,
  headers: {
    type: 'object',
    properties: {
      authorization: { type: 'string', description: '`Bearer <token>` instead of `?token=`.' },
      range: { type: 'string' },
      'if-range': { type: 'string' },
      'if-none-match': { type: 'string' },
    },
  },
  response: {
    200: zip('The whole file.'),
    206: zip('The asked range.', { 'Content-Range': { type: 'string', description: '`bytes N-M/size`' } }),
    304: noBody('`If-None-Match` matched the ETag.'),
    ...errorAnswers(401, 403, 404, 409, 410, 416),
  },
} as const;

const faultsAnswer = {
  description: 'The fault settings now in force.',
  type: 'object',
  required: ['faults'],
  properties: { faults: { type: 'object', additionalProperties: true } },
} as const;

export const getFaults = {
  operationId: 'getFaults',
  tags: ['demo'],
  summary: 'Fault injection settings (only with the `faultsAdmin` option; not part of the contract)',
  response: { 200: faultsAnswer, ...errorAnswers() },
} as const;

export const setFaults = {
  operationId: 'setFaults',
  tags: ['demo'],
  summary: 'Switch fault injection at runtime (only with the `faultsAdmin` option; not part of the contract)',
  body: S.faultsBody,
  response: { 200: faultsAnswer, ...errorAnswers(413, 415) },
} as const;

export const openApi = {
  operationId: 'getOpenApi',
  tags: ['service'],
  summary: 'This document (OpenAPI 3.1)',
  response: { 200: { description: 'docs/openapi.json', type: 'object', additionalProperties: true } },
} as const;
