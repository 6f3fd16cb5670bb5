import * as v from 'valibot';
import type { JobSnapshot } from '../types';

/**
 * What the HTTP API answers, as valibot schemas. A body that does not match
 * becomes an `InvalidResponseError`, never a crash deeper in the app.
 * Unknown fields are dropped; `null` is read as "absent" for optional fields.
 */
const opt = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));

const finite = v.pipe(v.number(), v.finite());

export const ErrorInfoSchema = v.object({ code: v.string(), message: v.string() });

export const JobSnapshotSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1)),
    scope: v.nullish(v.string(), null),
    label: opt(v.string()),
    status: v.picklist(['pending', 'running', 'completed', 'failed', 'cancelling', 'cancelled', 'expired']),
    progress: finite,
    stage: opt(v.string()),
    message: opt(v.string()),
    fileName: opt(v.string()),
    size: opt(v.pipe(finite, v.minValue(0))),
    warnings: opt(v.array(v.string())),
    createdAt: opt(finite),
    updatedAt: opt(finite),
    completedAt: opt(finite),
    error: opt(ErrorInfoSchema),
  }),
  v.transform((raw): JobSnapshot => {
    const job: JobSnapshot = {
      id: raw.id,
      scope: raw.scope ?? null,
      status: raw.status,
      progress: Math.min(100, Math.max(0, raw.progress)),
    };
    if (raw.label != null) job.label = raw.label;
    if (raw.stage != null) job.stage = raw.stage;
    if (raw.message != null) job.message = raw.message;
    if (raw.fileName != null) job.fileName = raw.fileName;
    if (raw.size != null) job.size = raw.size;
    if (raw.warnings != null) job.warnings = raw.warnings;
    if (raw.createdAt != null) job.createdAt = raw.createdAt;
    if (raw.updatedAt != null) job.updatedAt = raw.updatedAt;
    if (raw.completedAt != null) job.completedAt = raw.completedAt;
    if (raw.error != null) job.error = { code: raw.error.code, message: raw.error.message };
    return job;
  }),
);

export const JobResponseSchema = v.object({ job: JobSnapshotSchema });

export const LinkResponseSchema = v.object({
  url: v.pipe(v.string(), v.minLength(1)),
  expiresAt: opt(finite),
});

export const ErrorBodySchema = v.object({ error: v.object({ code: v.optional(v.string()), message: v.string() }) });

/** The `data:` of an SSE event: `{ type?, job }`. */
export const EventDataSchema = v.object({
  type: v.optional(v.string()),
  job: JobSnapshotSchema,
});

export type LinkResponse = v.InferOutput<typeof LinkResponseSchema>;
