/**
 * The default reader of pushed messages: `{ jobId, progress?, message? }`
 * (or `id` for `jobId`), the event's name saying the status. It is what
 * many Socket.IO export backends send; a backend shaped otherwise passes its
 * own `read`. The engine checks every snapshot at its edge
 * (shapes/parseJobSnapshot.ts), so this reader only picks fields.
 */
import type { JobEvent, JobSnapshot, JobStatus } from '../model/types';

const STATUS_OF: Record<JobEvent['type'], JobStatus> = {
  progress: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  expired: 'expired',
};

/** `payload` as a snapshot of the job it names, or `undefined` when it names none. */
export function readPushedJob(payload: unknown, type: JobEvent['type']): JobSnapshot | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const raw = payload as { jobId?: unknown; id?: unknown; progress?: unknown; message?: unknown };
  const id = typeof raw.jobId === 'string' ? raw.jobId : typeof raw.id === 'string' ? raw.id : undefined;
  if (id === undefined || id === '') return undefined;
  const given = typeof raw.progress === 'number' && Number.isFinite(raw.progress) ? raw.progress : undefined;
  const progress = type === 'completed' ? 100 : (given ?? 0);
  const job: JobSnapshot = { id, scope: null, status: STATUS_OF[type], progress };
  if (typeof raw.message === 'string') job.message = raw.message;
  if (type === 'failed') job.error = { code: 'export_failed', message: job.message ?? 'The export failed on the server' };
  return job;
}
