/**
 * What storage must hold after every write, whichever tab made it
 * (docs/design.md#tabs, "One storage"), checked by the multi-tab harness
 * at each write that reaches the shared data, with no latency window:
 * - the value parses, and every entry in it reads back (nothing dropped);
 * - no job that storage held is gone, unless dismissed (its tombstone is
 *   there) or prunable (finished, past the ttl or beyond the cap);
 * - no record that storage held is gone while its job is there;
 * - no job ever tombstoned in storage is back (within the tombstone's ttl).
 */
import { isTerminalStatus } from '../model/jobStatus';
import type { ExportsState } from '../model/types';
import { sanitizeExportsState } from '../persistence/sanitizeExportsState';

/** The slice in a stored value, checked entry by entry. Throws on text that does not parse. */
export function readStoredSlice(value: string): { state: ExportsState; dropped: number } {
  const outer = JSON.parse(value) as Record<string, string>;
  const raw: Record<string, unknown> = {};
  for (const [part, text] of Object.entries(outer)) if (part !== '_persist') raw[part] = JSON.parse(text);
  return sanitizeExportsState(raw);
}

export interface StorageWatch {
  /** Tombstoned job ids seen in storage, with when they were dismissed. */
  readonly tombstoned: Map<string, number>;
  writes: number;
  /** The last value checked, read once (the next write's `previous`). */
  last?: { text: string; state: ExportsState };
}

export interface StorageLimits {
  now: number;
  ttlMs: number;
  maxJobs: number;
  /** The model's word: some tab may have pruned the job (the server finished it a ttl ago, or beyond the cap). */
  mayBePruned(id: string): boolean;
}

/** The breaches of one write (`previous` → `value`), as messages; records what it saw in `watch`. */
export function checkStorageWrite(watch: StorageWatch, previous: string | undefined, value: string, limits: StorageLimits): string[] {
  watch.writes += 1;
  const cached = watch.last;
  let after: ExportsState;
  try {
    const read = readStoredSlice(value);
    if (read.dropped > 0) return [`storage write ${watch.writes}: ${read.dropped} entries would not read back`];
    after = read.state;
    watch.last = { text: value, state: after };
  } catch (error) {
    return [`storage write ${watch.writes}: not parseable (${String(error)})`];
  }
  const problems: string[] = [];
  for (const [id, at] of Object.entries(after.dismissedJobIds ?? {})) if (!watch.tombstoned.has(id)) watch.tombstoned.set(id, at);
  for (const [id, at] of watch.tombstoned) {
    if (after.jobs.entities[id] && limits.now - at < limits.ttlMs) problems.push(`storage write ${watch.writes}: job ${id}, dismissed, is back in storage`);
  }
  if (previous === undefined) return problems;
  const before = cached?.text === previous ? cached.state : readStoredSlice(previous).state;
  for (const id of before.jobs.ids) {
    const job = before.jobs.entities[id]!;
    if (!after.jobs.entities[id]) {
      const dismissed = after.dismissedJobIds?.[id] !== undefined;
      // (the tab that wrote may know it finished, or its record settled: the newer copy counts)
      const old = isTerminalStatus(job.status) && (limits.now - (job.completedAt ?? job.updatedAt) >= limits.ttlMs || after.jobs.ids.length >= limits.maxJobs);
      const prunable = old || limits.mayBePruned(id);
      if (!dismissed && !prunable) problems.push(`storage write ${watch.writes}: job ${id} (${job.status}) was dropped from storage (${JSON.stringify(job)}, now ${limits.now})`);
    } else if (before.downloadedJobIds[id] && !after.downloadedJobIds[id]) {
      problems.push(`storage write ${watch.writes}: the download record of job ${id} (${before.downloadedJobIds[id]!.status}) was dropped from storage (${JSON.stringify(job)}, now ${limits.now})`);
    }
  }
  return problems;
}
