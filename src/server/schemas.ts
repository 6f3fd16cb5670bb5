import { JOB_ID_PATTERN } from './ids';
import { STAGES } from './types';

/**
 * JSON schemas of every body, param and query: Fastify validates requests
 * with them and docs/openapi.json is generated from them (the answers'
 * schemas are in answerSchemas.ts, each route's in routeSchemas.ts).
 */
export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: JOB_ID_PATTERN, description: 'The job id (as the start answered it).' } },
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
