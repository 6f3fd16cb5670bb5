/**
 * JSON schemas of what the API answers, registered once with `app.addSchema`
 * and referenced by `$id` from the routes (routeSchemas.ts), so that
 * docs/openapi.json names them (`components/schemas/ExportJob`...) and a
 * generated client gets one type per answer. They are an allow-list too:
 * Fastify serializes job answers through them, so a field not listed here
 * never leaves the server (see src/server/README.md, "Responses never carry
 * server paths or client ids").
 */
export const errorBody = {
  $id: 'ErrorBody',
  description: 'Every error answer: one stable code and words for people. Never holds a server path or an echoed URL.',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable and machine-readable, e.g. `not_found`, `too_many_active_exports`.' },
        message: { type: 'string' },
      },
    },
  },
} as const;

export const delivery = {
  $id: 'Delivery',
  description:
    'The receipt of one signed link: `requested` (a request with its valid token arrived), `completed` (every byte of the answer was handed to the connection), `aborted` (the connection closed first).',
  type: 'object',
  required: ['id', 'status', 'requestedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: 'The `deliveryId` of the link answer.' },
    status: { type: 'string', enum: ['requested', 'completed', 'aborted'] },
    requestedAt: { type: 'integer' },
    settledAt: { type: 'integer' },
    bytesSent: { type: 'integer', description: 'Body bytes handed to the connection (with the settlement).' },
  },
} as const;

export const exportJob = {
  $id: 'ExportJob',
  description: 'A job as the API shows it. Times are epoch milliseconds; `progress` is 0..100 and never goes backwards.',
  type: 'object',
  required: ['id', 'scope', 'status', 'progress', 'warnings', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    scope: { type: ['string', 'null'] },
    label: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled', 'expired'] },
    progress: { type: 'number', minimum: 0, maximum: 100 },
    stage: { type: 'string', description: 'The server phase, e.g. `queued`, `writing`, `packing`, `done`.' },
    message: { type: 'string' },
    fileName: { type: 'string' },
    size: { type: 'integer', description: 'Bytes of the finished file.' },
    warnings: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    completedAt: { type: 'integer' },
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    deliveries: {
      type: 'array',
      description: 'Delivery receipts of the links that were used, newest last (the last 10).',
      items: { $ref: 'Delivery#' },
    },
  },
} as const;

export const jobAnswer = {
  $id: 'JobAnswer',
  type: 'object',
  required: ['job'],
  additionalProperties: false,
  properties: { job: { $ref: 'ExportJob#' } },
} as const;

export const linkAnswer = {
  $id: 'LinkAnswer',
  description: 'A signed, short-lived download link; each link is one delivery.',
  type: 'object',
  required: ['url', 'expiresAt', 'deliveryId'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', description: 'Absolute URL of `GET /api/exports/{id}/file?token=...`.' },
    expiresAt: { type: 'integer' },
    deliveryId: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' },
  },
} as const;

/** In dependency order (a schema's `$ref`s are registered before it). */
export const answerSchemas = [errorBody, delivery, exportJob, jobAnswer, linkAnswer] as const;
