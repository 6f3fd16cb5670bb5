/**
 * Merge on write (docs/design.md#tabs, "One storage"): the value
 * redux-persist is about to write, joined with what storage holds now
 * (`joinExportsStates`), so a tab's write keeps every other tab's jobs,
 * records and tombstones. What storage holds is read like any stored value
 * (`sanitizeExportsState`: fail closed); a value of another version, or one
 * that cannot be read at all, is written over as before.
 */
import type { ExportsState } from '../model/types';
import { joinExportsStates } from './joinExportsStates';
import { sanitizeExportsState } from './sanitizeExportsState';

/** redux-persist's stored value: each key of the slice as its own JSON text. */
type Outer = Record<string, string | undefined>;

const PARTS = ['jobs', 'downloadedJobIds', 'pendingStarts', 'dismissedJobIds'] as const;

function parts(outer: Outer): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const part of PARTS) if (typeof outer[part] === 'string') raw[part] = JSON.parse(outer[part]);
  return raw;
}

export interface MergeOnWriteOptions {
  now: () => number;
  ttlMs: number;
  maxJobs: number;
}

/** A `(stored, value) => merged` for `SafeStorageOptions.merge`; it remembers the starts this tab wrote. */
export function createMergeOnWrite({ now, ttlMs, maxJobs }: MergeOnWriteOptions): (stored: string | null, value: string) => string {
  const ownStarts = new Set<string>();
  return (stored, value) => {
    try {
      const outer = JSON.parse(value) as Outer;
      const ours = parts(outer) as unknown as ExportsState;
      for (const key of Object.keys(ours.pendingStarts ?? {})) ownStarts.add(key);
      if (ownStarts.size > 1_000) ownStarts.delete(ownStarts.values().next().value as string);
      if (stored === null) return value;
      const storedOuter = JSON.parse(stored) as Outer;
      if (storedOuter._persist === undefined || JSON.parse(storedOuter._persist).version !== JSON.parse(outer._persist ?? '{}').version) return value;
      const theirs = sanitizeExportsState(parts(storedOuter)).state;
      const joined = joinExportsStates(ours, theirs, { now: now(), ttlMs, maxJobs, ownStarts });
      const merged: Outer = { ...outer };
      for (const part of PARTS) merged[part] = JSON.stringify(joined[part]);
      return JSON.stringify(merged);
    } catch {
      return value; // not ours to read: written over, as without merging
    }
  };
}
