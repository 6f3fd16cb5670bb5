import * as v from 'valibot';
import { ErrorInfoSchema, JobSnapshotSchema } from '../jobSnapshotSchema';

/**
 * What the HTTP API answers, as valibot schemas. A body that does not match
 * becomes an `InvalidResponseError`, never a crash deeper in the app.
 * Unknown fields are dropped; `null` is read as "absent" for optional fields.
 */
const opt = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));
const finite = v.pipe(v.number(), v.finite());

export { ErrorInfoSchema, JobSnapshotSchema };

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
