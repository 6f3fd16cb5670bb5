import { InvalidResponseError } from './errors/InvalidResponseError';
import { parseJobSnapshot } from './parseJobSnapshot';
import { jobCancelled, jobCompleted, jobExpired, jobFailed, jobProgressed } from './exportsSlice';
import type { JobSnapshot } from './types';

type SnapshotAction =
  | ReturnType<typeof jobProgressed>
  | ReturnType<typeof jobCompleted>
  | ReturnType<typeof jobFailed>
  | ReturnType<typeof jobCancelled>
  | ReturnType<typeof jobExpired>;

/**
 * Turns what the server said about a job into the event that says it.
 * Throws `InvalidResponseError` for a snapshot that is not one.
 */
export function snapshotToAction(answer: JobSnapshot, expectedId: string, at: number): SnapshotAction {
  const snapshot = parseJobSnapshot(answer, expectedId);
  const id = expectedId;
  switch (snapshot.status) {
    case 'pending':
    case 'running':
      return jobProgressed({ id, progress: snapshot.progress, stage: snapshot.stage, message: snapshot.message, status: snapshot.status, at });
    case 'cancelling':
      return jobProgressed({ id, progress: snapshot.progress, stage: snapshot.stage, message: snapshot.message, at });
    case 'completed':
      return jobCompleted({ id, fileName: snapshot.fileName, size: snapshot.size, warnings: Array.isArray(snapshot.warnings) ? snapshot.warnings : undefined, completedAt: snapshot.completedAt, at });
    case 'failed':
      return jobFailed({ id, error: snapshot.error ?? { code: 'export_failed', message: 'The export failed on the server' }, at });
    case 'cancelled':
      return jobCancelled({ id, at });
    case 'expired':
      return jobExpired({ id, at });
    default: {
      const unknown: never = snapshot.status;
      throw new InvalidResponseError(`Unknown job status ${JSON.stringify(unknown)}`);
    }
  }
}
