/**
 * Which jobs to forget (invariant 8): finished jobs past their ttl, then the
 * oldest finished jobs beyond `maxJobs`. Jobs the server still works on,
 * and jobs whose file is being downloaded, are never pruned.
 */
import { isTerminalStatus } from './jobStatus';
import type { ExportJob, ExportsState } from './types';

const finishedAt = (job: ExportJob): number => job.completedAt ?? job.updatedAt;

export function selectPrunableJobIds(state: ExportsState, now: number, ttlMs: number, maxJobs: number): string[] {
  const all = state.jobs.ids.map((id) => state.jobs.entities[id]).filter((job): job is ExportJob => job !== undefined);
  const prunable = all.filter((job) => {
    const status = state.downloadedJobIds[job.id]?.status;
    return isTerminalStatus(job.status) && status !== 'claimed' && status !== 'downloading';
  });
  const expired = new Set(prunable.filter((job) => now - finishedAt(job) >= ttlMs).map((job) => job.id));
  let excess = all.length - expired.size - maxJobs;
  if (excess > 0) {
    const oldestFirst = prunable.filter((job) => !expired.has(job.id)).sort((a, b) => finishedAt(a) - finishedAt(b) || (a.id < b.id ? -1 : 1)); // ties by id: the same kept set in every tab
    for (const job of oldestFirst) {
      if (excess <= 0) break;
      expired.add(job.id);
      excess -= 1;
    }
  }
  return [...expired];
}
