/**
 * What a stored exports slice may hold, as valibot schemas. Anything else
 * (unknown keys, tokens, URLs, wrong types) is dropped on the way in.
 */
import * as v from 'valibot';

const finite = v.pipe(v.number(), v.finite());
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const errorInfo = v.object({ code: text(100), message: text(1_000) });

export const JOB_ID_MAX = 200;

export const PersistedJobSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(JOB_ID_MAX)),
  scope: v.nullable(text(500)),
  label: v.optional(text(500)),
  status: v.picklist(['pending', 'running', 'completed', 'failed', 'cancelling', 'cancelled', 'expired']),
  progress: v.pipe(finite, v.minValue(0), v.maxValue(100)),
  stage: v.optional(text(200)),
  message: v.optional(text(1_000)),
  fileName: v.optional(text(500)),
  size: v.optional(v.pipe(finite, v.minValue(0))),
  warnings: v.pipe(v.array(text(1_000)), v.maxLength(50)),
  autoDownload: v.boolean(),
  createdAt: finite,
  updatedAt: finite,
  completedAt: v.optional(finite),
  error: v.optional(errorInfo),
});

export const PersistedRecordSchema = v.object({
  status: v.picklist(['claimed', 'downloading', 'done', 'failed', 'interrupted']),
  claimId: text(200),
  trigger: v.picklist(['auto', 'manual']),
  claimedAt: finite,
  attempts: v.pipe(finite, v.integer(), v.minValue(0)),
  settledAt: v.optional(finite),
  retryAt: v.optional(finite),
  error: v.optional(errorInfo),
});
