import { parseJobSnapshot } from './parseJobSnapshot';
import { jobCancelled, jobCompleted, jobExpired, jobFailed, jobProgressed } from '../model/exportsSlice';
import type { JobSnapshot } from '../model/types';

type SnapshotAction =
  | ReturnType<typeof jobProgressed>
  | ReturnType<typeof jobCompleted>
  | ReturnType<typeof jobFailed>
  | ReturnType<typeof jobCancelled>
  | ReturnType<typeof jobExpired>;

/**
 * Turns what the server said about a job into the event that says it.
 * Throws `InvalidResponseError` for a snapshot that is not one. The switch
 * is exhaustive: a new status would not compile.
 */
export function snapshotToAction(answer: JobSnapshot, expectedId: string, at: number): SnapshotAction {
  const snapshot = parseJobSnapshot(answer, expectedId);
  const id = expectedId;
  switch (snapshot.status) {
    case 'pending':
    case 'running':
    case 'cancelling': // still running as far as the client knows: the cancel's own answer settles it
      return jobProgressed({
        id,
        progress: snapshot.progress,
        stage: snapshot.stage,
        message: snapshot.message,
        status: snapshot.status === 'cancelling' ? undefined : snapshot.status,
        at,
      });
    case 'completed':
      return jobCompleted({ id, fileName: snapshot.fileName, size: snapshot.size, warnings: snapshot.warnings, completedAt: snapshot.completedAt, at });
    case 'failed':
      return jobFailed({ id, error: snapshot.error ?? { code: 'export_failed', message: 'The export failed on the server' }, at });
    case 'cancelled':
      return jobCancelled({ id, at });
    case 'expired':
      return jobExpired({ id, at });
  }
}
