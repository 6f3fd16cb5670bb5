/**
 * After a quota error: the same stored value with the older half of the
 * finished jobs (and their records) left out. Active jobs always stay.
 */
import { TERMINAL_STATUSES } from '../model/jobStatus';
import type { JobStatus } from '../model/types';

interface StoredJob {
  status?: unknown;
  completedAt?: unknown;
  updatedAt?: unknown;
}

export function shrinkPersistedValue(value: string): string | undefined {
  try {
    const outer = JSON.parse(value) as Record<string, string>;
    if (typeof outer.jobs !== 'string') return undefined;
    const jobs = JSON.parse(outer.jobs) as { ids: string[]; entities: Record<string, StoredJob> };
    const records = typeof outer.downloadedJobIds === 'string' ? (JSON.parse(outer.downloadedJobIds) as Record<string, unknown>) : {};
    const when = (job: StoredJob | undefined): number => Number(job?.completedAt ?? job?.updatedAt ?? 0);
    const finished = jobs.ids.filter((id) => TERMINAL_STATUSES.has(String(jobs.entities[id]?.status) as JobStatus));
    if (finished.length === 0) return undefined;
    const drop = new Set(finished.sort((a, b) => when(jobs.entities[a]) - when(jobs.entities[b])).slice(0, Math.ceil(finished.length / 2)));
    const ids = jobs.ids.filter((id) => !drop.has(id));
    const entities: Record<string, StoredJob> = {};
    for (const id of ids) if (jobs.entities[id]) entities[id] = jobs.entities[id];
    for (const id of drop) delete records[id];
    return JSON.stringify({ ...outer, jobs: JSON.stringify({ ids, entities }), downloadedJobIds: JSON.stringify(records) });
  } catch {
    return undefined;
  }
}
