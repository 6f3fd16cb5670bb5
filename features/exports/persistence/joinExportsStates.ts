/**
 * The join of two copies of the slice (docs/design.md#tabs, "One
 * storage"): what a tab's storage write makes of its own state and of what
 * storage holds, so no write drops another tab's job or brings back a
 * dismissed one, whatever the timing. Per job the newest change wins:
 * - a job: the furthest phase (live < cancelling < ended), then the latest
 *   `updatedAt`; `autoDownload` once off stays off (a cancel), progress
 *   never goes back;
 * - a record: any record beats none (no un-claim, so no second automatic
 *   download); then the newest claim, then the furthest step within it
 *   (attempts, handover, settled);
 * - a dismissal is a tombstone that removes the job; tombstones last
 *   `ttlMs`, at most `MAX_TOMBSTONES`;
 * - then pruning by the same rules as everywhere (`model/pruning.ts`).
 * Ties end in a comparison of the values themselves, so the join is
 * commutative, associative and idempotent: the same inputs give the same
 * result in every tab, in any order (`joinExportsStates.test.ts`).
 * Pending starts belong to the tab that sent them: the other side's are
 * kept unless `ownStarts` says this tab had (and settled) them.
 */
import { capTombstones, jobsAdapter } from '../model/exportsSlice';
import { isTerminalStatus } from '../model/jobStatus';
import { selectPrunableJobIds } from '../model/pruning';
import type { DownloadRecord, ExportJob, ExportsState } from '../model/types';

type Key = Array<number | string>;

const compare = (a: Key, b: Key): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
};

const newest = <T>(a: T | undefined, b: T | undefined, key: (value: T) => Key): T | undefined =>
  a === undefined ? b : b === undefined ? a : compare(key(a), key(b)) >= 0 ? a : b;

// progress and autoDownload are joined on their own, so they stay out of the key
const jobKey = (job: ExportJob): Key => [
  isTerminalStatus(job.status) ? 2 : job.status === 'cancelling' ? 1 : 0,
  job.updatedAt,
  JSON.stringify({ ...job, progress: 0, autoDownload: true }),
];

const recordKey = (r: DownloadRecord): Key => [
  r.claimedAt,
  r.attempts,
  r.status === 'claimed' || r.status === 'downloading' ? 0 : 1,
  r.handover === 'handedOver' ? 2 : r.handover ? 1 : 0,
  r.settledAt ?? 0,
  JSON.stringify(r),
];

function joinJob(a: ExportJob | undefined, b: ExportJob | undefined): ExportJob {
  const base = newest(a, b, jobKey)!;
  if (!a || !b) return base;
  return { ...base, autoDownload: a.autoDownload && b.autoDownload, progress: Math.max(a.progress, b.progress) };
}

export interface JoinOptions {
  now: number;
  ttlMs: number;
  maxJobs: number;
  /** Keys of pending starts this side has had: absent from it now, they were settled here. */
  ownStarts?: ReadonlySet<string>;
}

/** The tombstones of both sides, the latest of each, unexpired, capped. */
function joinTombstones(a: ExportsState, b: ExportsState, { now, ttlMs }: JoinOptions): Record<string, number> {
  const all: Record<string, number> = {};
  for (const side of [a.dismissedJobIds, b.dismissedJobIds]) {
    for (const [id, at] of Object.entries(side ?? {})) if (now - at < ttlMs && at > (all[id] ?? -Infinity)) all[id] = at;
  }
  return capTombstones(all);
}

/** `ours` joined with `theirs` (what storage holds): see the top of this file. */
export function joinExportsStates(ours: ExportsState, theirs: ExportsState, options: JoinOptions): ExportsState {
  const dismissedJobIds = joinTombstones(ours, theirs, options);
  const ids = [...new Set([...ours.jobs.ids, ...theirs.jobs.ids])].filter((id) => dismissedJobIds[id] === undefined);
  const jobs = ids.map((id) => joinJob(ours.jobs.entities[id], theirs.jobs.entities[id]));
  const downloadedJobIds: Record<string, DownloadRecord> = {};
  for (const id of ids) {
    const record = newest(ours.downloadedJobIds[id], theirs.downloadedJobIds[id], recordKey);
    if (record) downloadedJobIds[id] = record;
  }
  const pendingStarts = { ...ours.pendingStarts };
  for (const [key, start] of Object.entries(theirs.pendingStarts ?? {})) {
    if (!pendingStarts[key] && !options.ownStarts?.has(key)) pendingStarts[key] = start;
  }
  const joined: ExportsState = { jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), jobs), downloadedJobIds, pendingStarts, dismissedJobIds };
  const stale = selectPrunableJobIds(joined, options.now, options.ttlMs, options.maxJobs);
  for (const id of stale) delete downloadedJobIds[id];
  if (stale.length > 0) joined.jobs = jobsAdapter.removeMany(joined.jobs, stale);
  return joined;
}
