import { JOB_ID_PATTERN } from './ids';
import { STAGES } from './types';

/**
 * JSON schemas for every body, param and query, and for the job responses
 * (the response schemas are an allow-list: a field not listed is never
 * serialized, so an internal field can't leak by accident).
 */
export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: JOB_ID_PATTERN } },
} as const;

export const startBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scope: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
    params: {
      type: ['object', 'null'],
      maxProperties: 32,
      propertyNames: { maxLength: 64 },
      properties: {
        size: { type: 'integer', minimum: 0 },
        compress: { type: 'boolean' },
        failAt: { type: 'string', enum: [...STAGES.filter((s) => s !== 'queued')] },
      },
    },
  },
} as const;

export const fileQuery = {
  type: 'object',
  properties: { token: { type: 'string', minLength: 1, maxLength: 512 } },
} as const;

export const eventsQuery = {
  type: 'object',
  properties: { lastEventId: { type: 'string', pattern: '^[0-9]{1,15}$' } },
} as const;

export const faultsBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    dropRate: { type: 'number', minimum: 0, maximum: 1 },
    slowMs: { type: 'integer', minimum: 0, maximum: 60000 },
    duplicateEvents: { type: 'boolean' },
    outOfOrder: { type: 'boolean' },
  },
} as const;

const errorInfo = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' } },
} as const;

const deliverySchema = {
  type: 'object',
  required: ['id', 'status', 'requestedAt'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['requested', 'completed', 'aborted'] },
    requestedAt: { type: 'integer' },
    settledAt: { type: 'integer' },
    bytesSent: { type: 'integer' },
  },
} as const;

export const jobSchema = {
  type: 'object',
  required: ['id', 'scope', 'status', 'progress', 'warnings', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    scope: { type: ['string', 'null'] },
    label: { type: 'string' },
    status: { type: 'string' },
    progress: { type: 'number' },
    stage: { type: 'string' },
    message: { type: 'string' },
    fileName: { type: 'string' },
    size: { type: 'integer' },
    warnings: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    completedAt: { type: 'integer' },
    error: errorInfo,
    deliveries: { type: 'array', items: deliverySchema },
  },
} as const;

export const jobResponse = {
  type: 'object',
  required: ['job'],
  properties: { job: jobSchema },
} as const;

export const linkResponse = {
  type: 'object',
  required: ['url', 'expiresAt', 'deliveryId'],
  properties: { url: { type: 'string' }, expiresAt: { type: 'integer' }, deliveryId: { type: 'string' } },
} as const;
