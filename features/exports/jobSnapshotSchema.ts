/**
 * What a server may say about a job, as a valibot schema: the one door
 * through which job data from a transport enters the state. Unknown fields
 * are dropped, `null` reads as absent, progress is clamped and long texts
 * are cut to the sizes storage keeps (so a job never becomes invalid on
 * reload).
 */
import * as v from 'valibot';
import { InvalidResponseError } from './errors/InvalidResponseError';
import type { JobSnapshot } from './types';

/** The longest texts kept, shared with the persisted-state schemas. */
export const TEXT_LIMITS = {
  id: 200,
  scope: 500,
  label: 500,
  stage: 200,
  message: 1_000,
  fileName: 500,
  warning: 1_000,
  warnings: 50,
  errorCode: 100,
} as const;

const opt = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));
const finite = v.pipe(v.number(), v.finite());
const cut = (max: number) => v.pipe(v.string(), v.transform((s) => (s.length > max ? s.slice(0, max) : s)));

export const ErrorInfoSchema = v.object({ code: cut(TEXT_LIMITS.errorCode), message: cut(TEXT_LIMITS.message) });

export const JobSnapshotSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(TEXT_LIMITS.id)),
    scope: v.nullish(cut(TEXT_LIMITS.scope), null),
    label: opt(cut(TEXT_LIMITS.label)),
    status: v.picklist(['pending', 'running', 'completed', 'failed', 'cancelling', 'cancelled', 'expired']),
    progress: finite,
    stage: opt(cut(TEXT_LIMITS.stage)),
    message: opt(cut(TEXT_LIMITS.message)),
    fileName: opt(cut(TEXT_LIMITS.fileName)),
    size: opt(v.pipe(finite, v.minValue(0))),
    warnings: opt(v.pipe(v.array(cut(TEXT_LIMITS.warning)), v.transform((w) => w.slice(0, TEXT_LIMITS.warnings)))),
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

/**
 * Checks what a transport answered. Throws `InvalidResponseError` when it
 * is not a job snapshot, or not the one asked about.
 */
export function parseJobSnapshot(value: unknown, expectedId?: string): JobSnapshot {
  const result = v.safeParse(JobSnapshotSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new InvalidResponseError(`The server's answer is not a valid export job${where ? ` (${where})` : ''}`);
  }
  if (expectedId !== undefined && result.output.id !== expectedId) {
    throw new InvalidResponseError(`The server answered about job ${result.output.id}, not ${expectedId}`);
  }
  return result.output;
}
