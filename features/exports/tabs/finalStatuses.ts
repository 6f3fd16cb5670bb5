/**
 * Where a watch's last word is kept (docs/design.md#tabs, "Handing the
 * watch over"): the leading tab writes a job's final snapshot here, in the
 * tabs' shared synchronous storage, before it releases the job's monitor
 * lock; a tab that takes the lock reads it first. The broadcast of that
 * snapshot may not have reached the next tab yet, and without this it
 * would subscribe again for a job that has ended. One JSON object under
 * `<key>:final`, `{ s: snapshot, at }` per job, at most `MAX_FINALS`
 * entries, none older than `ttlMs`. A storage that refuses the write only
 * loses this shortcut: the broadcast still goes out.
 */
import { attempt, readObject } from '../shapes/jsonShape';
import type { JobSnapshot } from '../model/types';
import type { SyncStorageLike } from './types';

export const MAX_FINALS = 100;

interface Entry {
  s: JobSnapshot;
  at: number;
}

export interface FinalStatuses {
  /** The final snapshot a watcher left for `jobId`, unchecked (the follower checks it like any news). */
  read(jobId: string): JobSnapshot | undefined;
  write(jobId: string, snapshot: JobSnapshot): void;
}

export function createFinalStatuses(storage: SyncStorageLike, key: string, ttlMs: number, now: () => number): FinalStatuses {
  const load = (): Record<string, Entry> => {
    try {
      return (attempt(readObject, JSON.parse(storage.getItem(key) ?? '{}')) ?? {}) as Record<string, Entry>;
    } catch {
      return {};
    }
  };
  return {
    read: (jobId) => {
      const all = load();
      const entry = Object.hasOwn(all, jobId) ? all[jobId] : undefined;
      return entry && typeof entry.at === 'number' && now() - entry.at < ttlMs ? entry.s : undefined;
    },
    write: (jobId, snapshot) => {
      const fresh = Object.entries(load()).filter(([id, e]) => id !== jobId && typeof e?.at === 'number' && now() - e.at < ttlMs);
      const kept = Object.fromEntries([...fresh.slice(-(MAX_FINALS - 1)), [jobId, { s: snapshot, at: now() }]]);
      try {
        storage.setItem(key, JSON.stringify(kept));
      } catch {
        /* full or disabled: the broadcast still goes out */
      }
    },
  };
}
