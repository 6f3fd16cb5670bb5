/**
 * Memoized selectors over the `exports` slice. Each takes the root state
 * (anything with an `exports` key), so they drop into `useSelector` as is.
 */
import { createSelector } from '@reduxjs/toolkit';
// Not used in code: in scope, it lets the published declarations name the
// selectors' memoizer as RTK's re-export (`typeof weakMapMemoize`) instead of
// `import("reselect")`, a package an app need not be able to resolve (pnpm).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { weakMapMemoize } from '@reduxjs/toolkit';
import { compareJobsNewestFirst, jobsAdapter } from './exportsSlice';
import { isTerminalStatus } from './jobStatus';
import type { DownloadRecord, ExportJob, ExportsRootState } from './types';

const adapterSelectors = jobsAdapter.getSelectors((state: ExportsRootState) => state.exports.jobs);

/** Every job, newest first. */
export const selectAllJobs = createSelector([adapterSelectors.selectAll], (jobs) => [...jobs].sort(compareJobsNewestFirst));
/** Every job id, in the order the jobs were added. */
export const selectJobIds = adapterSelectors.selectIds;
/** Every job by id. */
export const selectJobEntities = adapterSelectors.selectEntities;

/** One job, or `undefined` when it is unknown or dismissed. */
export const selectJobById = (state: ExportsRootState, id: string): ExportJob | undefined =>
  state.exports.jobs.entities[id];

/** The download record of one job, or `undefined` before any claim. */
export const selectDownloadByJobId = (state: ExportsRootState, id: string): DownloadRecord | undefined =>
  state.exports.downloadedJobIds[id];

/** All download records, keyed by job id. */
export const selectDownloads = (state: ExportsRootState): Record<string, DownloadRecord> =>
  state.exports.downloadedJobIds;

/**
 * Jobs of one scope (`null` for jobs without one), newest first; every job
 * when `scope` is left out.
 */
export const selectJobsByScope = createSelector(
  [selectAllJobs, (_state: ExportsRootState, scope?: string | null) => scope],
  (jobs, scope) => (scope === undefined ? jobs : jobs.filter((job) => job.scope === scope)),
);

/**
 * The ids of one scope's jobs (all when `scope` is left out), newest first:
 * the same array while only progress changes, for lists that render rows by id.
 */
export const selectJobIdsByScope = createSelector(
  [selectJobsByScope],
  (jobs) => jobs.map((job) => job.id),
  { memoizeOptions: { resultEqualityCheck: shallowEqualArrays } },
);

/** Jobs the server is still working on (including `cancelling`). */
export const selectActiveJobs = createSelector([selectAllJobs], (jobs) =>
  jobs.filter((job) => !isTerminalStatus(job.status)),
);

/**
 * True when a job the server is working on has reported nothing for
 * `stallAfterMs`. Derived, never stored: pass the current time.
 *
 * @example
 * const stalled = useAppSelector((s) => selectIsJobStalled(s, id, Date.now(), 30_000))
 */
export const selectIsJobStalled = (
  state: ExportsRootState,
  id: string,
  now: number,
  stallAfterMs = 30_000,
): boolean => {
  const job = state.exports.jobs.entities[id];
  return job !== undefined && !isTerminalStatus(job.status) && now - job.updatedAt >= stallAfterMs;
};

function shallowEqualArrays(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
