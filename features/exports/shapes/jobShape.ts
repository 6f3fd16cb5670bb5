/**
 * The fields of a job, read from untrusted JSON: the one door through which
 * job data enters the state, whether it comes from a transport, from
 * storage or from another tab. Unknown fields are dropped and `null` reads
 * as absent. What differs is how a value past its limit is met: a server's
 * answer is cut to size (`'cut'`), so that a job never becomes invalid on
 * reload; a stored value is refused (`'refuse'`), since we never wrote one.
 */
import { copyOptional, own, readChoice, readList, readNumber, readObject, readText, ShapeError, at } from './jsonShape';
import type { JsonObject, OverLimit } from './jsonShape';
import { TEXT_LIMITS } from '../model/fieldLimits';
import type { ErrorInfo, JobSnapshot, JobStatus } from '../model/types';

export { TEXT_LIMITS } from '../model/fieldLimits';

const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelling', 'cancelled', 'expired'];

/** `{ code, message }`. */
export function readErrorInfo(value: unknown, path: string, overLimit: OverLimit): ErrorInfo {
  const raw = readObject(value, path);
  return {
    code: readText(own(raw, 'code'), at(path, 'code'), TEXT_LIMITS.errorCode, overLimit),
    message: readText(own(raw, 'message'), at(path, 'message'), TEXT_LIMITS.message, overLimit),
  };
}

/** A job id: 1 to 200 characters, never cut (a cut id would name another job). */
function readJobId(value: unknown, path: string): string {
  const id = readText(value, path, TEXT_LIMITS.id);
  if (id === '') throw new ShapeError(path);
  return id;
}

/**
 * The fields a server reports about a job (`JobSnapshot`). `progress` is
 * clamped to 0..100 in `'cut'` mode and refused outside it in `'refuse'`.
 */
export function readJobFields(raw: JsonObject, path: string, overLimit: OverLimit): JobSnapshot {
  const scope = own(raw, 'scope');
  const progressAt = at(path, 'progress');
  const progress =
    overLimit === 'cut' ? readNumber(own(raw, 'progress'), progressAt) : readNumber(own(raw, 'progress'), progressAt, 0, 100);
  const job: JobSnapshot = {
    id: readJobId(own(raw, 'id'), at(path, 'id')),
    scope: scope == null ? null : readText(scope, at(path, 'scope'), TEXT_LIMITS.scope, overLimit),
    status: readChoice(own(raw, 'status'), at(path, 'status'), JOB_STATUSES),
    progress: Math.min(100, Math.max(0, progress)),
  };
  const text = (max: number) => (value: unknown, where: string) => readText(value, where, max, overLimit);
  copyOptional(job, raw, 'label', path, text(TEXT_LIMITS.label));
  copyOptional(job, raw, 'stage', path, text(TEXT_LIMITS.stage));
  copyOptional(job, raw, 'message', path, text(TEXT_LIMITS.message));
  copyOptional(job, raw, 'fileName', path, text(TEXT_LIMITS.fileName));
  copyOptional(job, raw, 'size', path, (value, where) => readNumber(value, where, 0));
  copyOptional(job, raw, 'warnings', path, (value, where) =>
    readList(value, where, TEXT_LIMITS.warnings, overLimit, text(TEXT_LIMITS.warning)),
  );
  copyOptional(job, raw, 'createdAt', path, readNumber);
  copyOptional(job, raw, 'updatedAt', path, readNumber);
  copyOptional(job, raw, 'completedAt', path, readNumber);
  copyOptional(job, raw, 'error', path, (value, where) => readErrorInfo(value, where, overLimit));
  return job;
}
