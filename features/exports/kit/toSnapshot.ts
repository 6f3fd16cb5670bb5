import { InvalidResponseError } from '../errors/InvalidResponseError';
import type { JobSnapshot } from '../model/types';
import type { BackendJob } from './types';

const OPTIONAL = ['stage', 'message', 'label', 'fileName', 'size', 'warnings', 'error', 'completedAt', 'retryAfterMs'] as const;

/**
 * A reader's job as a snapshot: the id asked about unless the answer names
 * one, the scope the engine knows, progress 0..100 (100 once completed).
 * The engine checks the rest at its edge (`shapes/parseJobSnapshot.ts`).
 */
export function toSnapshot(job: BackendJob, jobId: string | undefined, scope: string | null): JobSnapshot {
  const id = job.id ?? jobId;
  if (id === undefined || id === '') throw new InvalidResponseError('The start answer names no job id (return `id` from start.read)');
  const progress = job.status === 'completed' ? 100 : Math.min(100, Math.max(0, Number(job.progress ?? 0) || 0));
  const snapshot: JobSnapshot = { id: String(id), scope, status: job.status, progress };
  for (const key of OPTIONAL) {
    if (job[key] !== undefined) (snapshot as Record<string, unknown>)[key] = job[key];
  }
  return snapshot;
}
