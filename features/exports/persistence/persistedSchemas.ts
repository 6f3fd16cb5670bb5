/**
 * What a stored exports slice may hold, as valibot schemas. Anything else
 * (unknown keys, tokens, URLs, wrong types) is dropped on the way in.
 */
import * as v from 'valibot';
import { TEXT_LIMITS } from '../jobSnapshotSchema';

const finite = v.pipe(v.number(), v.finite());
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const errorInfo = v.object({ code: text(TEXT_LIMITS.errorCode), message: text(TEXT_LIMITS.message) });

export const PersistedJobSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(TEXT_LIMITS.id)),
  scope: v.nullable(text(TEXT_LIMITS.scope)),
  label: v.optional(text(TEXT_LIMITS.label)),
  status: v.picklist(['pending', 'running', 'completed', 'failed', 'cancelling', 'cancelled', 'expired']),
  progress: v.pipe(finite, v.minValue(0), v.maxValue(100)),
  stage: v.optional(text(TEXT_LIMITS.stage)),
  message: v.optional(text(TEXT_LIMITS.message)),
  fileName: v.optional(text(TEXT_LIMITS.fileName)),
  size: v.optional(v.pipe(finite, v.minValue(0))),
  warnings: v.pipe(v.array(text(TEXT_LIMITS.warning)), v.maxLength(TEXT_LIMITS.warnings)),
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
