/**
 * The last step on the way in (docs/design.md#persistence, "On the way
 * in"), on a state already checked entry by entry:
 * - nothing runs before REHYDRATE, so a record left `claimed` or
 *   `downloading` is a download a reload cut short: it becomes
 *   `interrupted` (docs/failure-modes.md row 5);
 * - expired and excess finished jobs are pruned by the same rules as while
 *   the app runs, the slice's own `jobsPruned` (docs/failure-modes.md row 12);
 * - tombstones past `ttlMs` go, and a job with a tombstone goes
 *   (docs/design.md#tabs).
 */
import { exportsReducer, jobsAdapter, jobsPruned } from '../model/exportsSlice';
import { selectPrunableJobIds } from '../model/pruning';
import type { ExportsState } from '../model/types';

/** Marks, in place, every download cut short by the reload as `interrupted`. */
export function markCutDownloadsInterrupted(state: ExportsState): void {
  for (const record of Object.values(state.downloadedJobIds)) {
    if (record.status === 'claimed' || record.status === 'downloading') {
      record.status = 'interrupted';
      delete record.retryAt;
    }
  }
}

/** `state` (changed in place) with cut downloads interrupted and stale jobs pruned at time `at`. */
export function prepareRehydrated(state: ExportsState, at: number, ttlMs: number, maxJobs: number): ExportsState {
  markCutDownloadsInterrupted(state);
  if (state.dismissedJobIds) {
    const tombstones: Record<string, number> = {};
    for (const [id, dismissedAt] of Object.entries(state.dismissedJobIds)) if (at - dismissedAt < ttlMs) tombstones[id] = dismissedAt;
    const gone = state.jobs.ids.filter((id) => tombstones[id] !== undefined);
    for (const id of gone) delete state.downloadedJobIds[id];
    state = { ...state, dismissedJobIds: tombstones, jobs: gone.length > 0 ? jobsAdapter.removeMany(state.jobs, gone) : state.jobs };
  }
  const stale = selectPrunableJobIds(state, at, ttlMs, maxJobs);
  return stale.length > 0 ? exportsReducer(state, jobsPruned({ ids: stale })) : state;
}
