/**
 * The `exports` slice: jobs in an entity adapter, download records in
 * `downloadedJobIds`, and reducers written as a state machine.
 *
 * Every action is a past-tense event. Reducers never throw and never let a
 * late event move a job out of a terminal state (invariant 4); claims are
 * idempotent and a record is never deleted while its job exists (invariant 2).
 */
import { createEntityAdapter, createSlice, isDraft, original } from '@reduxjs/toolkit';
import type { Draft, PayloadAction, Reducer } from '@reduxjs/toolkit';
import { clampProgress, isTerminalStatus } from './jobStatus';
import { autoBatched, isFromOtherTab, timed, timedFromTab } from './actionMeta';
import type { FromOtherTab } from './actionMeta';
import { clipError, clipText, clipWarnings, TEXT_LIMITS } from './fieldLimits';
import { startSent, startSettled } from './startActions';
import type {
  CancelFailedPayload,
  DownloadClaimedPayload,
  DownloadFailedPayload,
  DownloadHandedOverPayload,
  DownloadSettledElsewherePayload,
  DownloadStepPayload,
  DownloadSucceededPayload,
  JobAddedPayload,
  JobCompletedPayload,
  JobFailedPayload,
  JobIdPayload,
  JobProgressedPayload,
  JobsPrunedPayload,
} from './actionPayloads';
import type { DownloadRecord, ExportJob, ExportsState } from './types';

export type * from './actionPayloads';
export { isFromOtherTab } from './actionMeta';
export type { FromOtherTab } from './actionMeta';

/** The fixed reducer path of the slice. */
export const EXPORTS_REDUCER_PATH = 'exports';

/**
 * Jobs keep their ids in the order they were added. No `sortComparer`: a
 * sorted adapter reads every job through Immer on each add; the selectors
 * sort instead, memoized.
 */
export const jobsAdapter = createEntityAdapter<ExportJob>();

/** Newest first; ties broken by id, so the order is stable. */
export const compareJobsNewestFirst = (a: ExportJob, b: ExportJob): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** No jobs, no download records. */
export const initialExportsState: ExportsState = {
  jobs: jobsAdapter.getInitialState(),
  downloadedJobIds: {},
  pendingStarts: {},
};

/** Starts kept at most while they wait for an answer; the oldest goes first. */
export const MAX_PENDING_STARTS = 20;

/** Tombstones kept at most (the newest): one per dismissal, so a few KB. */
export const MAX_TOMBSTONES = 200;

/** `tombstones` without the oldest beyond `MAX_TOMBSTONES` (ties by id, so every tab keeps the same). */
export function capTombstones(tombstones: Record<string, number>): Record<string, number> {
  const ids = Object.keys(tombstones);
  if (ids.length <= MAX_TOMBSTONES) return tombstones;
  const kept: Record<string, number> = {};
  for (const id of ids.sort((a, b) => tombstones[b]! - tombstones[a]! || (a < b ? -1 : 1)).slice(0, MAX_TOMBSTONES)) kept[id] = tombstones[id]!;
  return kept;
}

function touch(job: ExportJob, at: number): void {
  if (at > job.updatedAt) job.updatedAt = at;
}

function applyCompletion(job: ExportJob, p: JobCompletedPayload & { at: number }): void {
  job.status = 'completed';
  job.progress = 100;
  if (p.fileName !== undefined) job.fileName = clipText(p.fileName, TEXT_LIMITS.fileName);
  if (p.size !== undefined) job.size = p.size;
  if (p.warnings) job.warnings = clipWarnings(p.warnings);
  job.completedAt = p.completedAt ?? p.at;
  delete job.error;
  touch(job, p.at);
}

/**
 * The state as it was before this reducer ran. Guards read it: reading
 * through the Immer draft would copy every map on the way (all the jobs), so
 * an event that changes nothing would still cost O(jobs).
 */
function before(state: Draft<ExportsState> | ExportsState): ExportsState {
  return isDraft(state) ? (original(state) as ExportsState) : (state as ExportsState);
}

function isActiveDownload(status: string | undefined): boolean {
  return status === 'claimed' || status === 'downloading';
}

/**
 * The draft of job `id` while the job exists and is not in a terminal state
 * (invariant 4); otherwise undefined. The guard reads `before(state)`, so an
 * event that is ignored never touches the draft.
 */
function liveJob(state: Draft<ExportsState>, id: string): Draft<ExportJob> | undefined {
  const seen = before(state).jobs.entities[id];
  if (seen && !isTerminalStatus(seen.status)) return state.jobs.entities[id];
}

/**
 * The draft download record of job `p.id` when claim `p.claimId` owns it and
 * its download is still active; otherwise undefined (a late or foreign step
 * is ignored). The guard reads `before(state)`, like `liveJob`.
 */
function ownedRecord(state: Draft<ExportsState>, p: DownloadStepPayload): Draft<DownloadRecord> | undefined {
  const seen = before(state).downloadedJobIds[p.id];
  if (seen && seen.claimId === p.claimId && isActiveDownload(seen.status)) return state.downloadedJobIds[p.id];
}

/**
 * The `exports` slice (reducerPath `exports`), for `combineSlices`; its
 * side effects come from `registerExportsListeners`.
 *
 * @example
 * const rootReducer = combineSlices(exportsSlice, todosSlice)
 */
export const exportsSlice = createSlice({
  name: 'exports',
  reducerPath: EXPORTS_REDUCER_PATH,
  initialState: initialExportsState,
  reducers: {
    /**
     * Start tracking a job. Adding a known job again only merges what is new, never backwards.
     * The optional second argument (`{ fromTab: true }`) marks a job another tab added.
     */
    jobAdded: {
      reducer(state, { payload: p }: PayloadAction<JobAddedPayload & { at: number }>) {
        if (before(state).dismissedJobIds?.[p.id] !== undefined) return; // dismissed: never back
        const existing = state.jobs.entities[p.id];
        if (existing) {
          if (p.label !== undefined && existing.label === undefined) existing.label = clipText(p.label, TEXT_LIMITS.label);
          if (isTerminalStatus(existing.status)) return;
          if (p.status === 'completed') applyCompletion(existing, p);
          else if (p.status && isTerminalStatus(p.status)) {
            existing.status = p.status;
            if (p.error) existing.error = clipError(p.error);
            touch(existing, p.at);
          } else if (p.progress !== undefined) {
            existing.progress = Math.max(existing.progress, clampProgress(p.progress));
            touch(existing, p.at);
          }
          return;
        }
        const status = p.status ?? 'pending';
        const job: ExportJob = {
          id: p.id,
          scope: p.scope == null ? null : clipText(p.scope, TEXT_LIMITS.scope),
          status,
          progress: status === 'completed' ? 100 : clampProgress(p.progress),
          warnings: p.warnings ? clipWarnings(p.warnings) : [],
          autoDownload: p.autoDownload ?? true,
          createdAt: p.createdAt ?? p.at,
          updatedAt: Math.max(p.updatedAt ?? p.at, p.at),
        };
        if (p.label !== undefined) job.label = clipText(p.label, TEXT_LIMITS.label);
        if (p.stage !== undefined) job.stage = clipText(p.stage, TEXT_LIMITS.stage);
        if (p.message !== undefined) job.message = clipText(p.message, TEXT_LIMITS.message);
        if (p.fileName !== undefined) job.fileName = clipText(p.fileName, TEXT_LIMITS.fileName);
        if (p.size !== undefined) job.size = p.size;
        if (p.error !== undefined) job.error = clipError(p.error);
        if (status === 'completed') job.completedAt = p.completedAt ?? p.at;
        if (p.origin === 'server') job.origin = 'server';
        jobsAdapter.addOne(state.jobs, job);
      },
      prepare: timedFromTab<JobAddedPayload>,
    },
    /** The server reported progress. Clamped to 0..100 and never backwards. */
    jobProgressed: {
      reducer(state, { payload: p }: PayloadAction<JobProgressedPayload & { at: number }>) {
        const job = liveJob(state, p.id);
        if (!job) return;
        if (p.progress !== undefined) job.progress = Math.max(job.progress, clampProgress(p.progress));
        if (p.stage !== undefined) job.stage = clipText(p.stage, TEXT_LIMITS.stage);
        if (p.message !== undefined) job.message = clipText(p.message, TEXT_LIMITS.message);
        if (p.status === 'running' && job.status === 'pending') job.status = 'running';
        else if (p.status === undefined && job.status === 'pending' && job.progress > 0) job.status = 'running';
        touch(job, p.at);
      },
      prepare: autoBatched<JobProgressedPayload>,
    },
    /** The server finished the file. Absorbing: a second completion changes nothing. */
    jobCompleted: {
      reducer(state, { payload: p }: PayloadAction<JobCompletedPayload & { at: number }>) {
        const job = liveJob(state, p.id);
        if (!job) return;
        applyCompletion(job, p);
      },
      prepare: timed<JobCompletedPayload>,
    },
    jobFailed: {
      reducer(state, { payload: p }: PayloadAction<JobFailedPayload & { at: number }>) {
        const job = liveJob(state, p.id);
        if (!job) return;
        job.status = 'failed';
        job.error = clipError(p.error);
        touch(job, p.at);
      },
      prepare: timed<JobFailedPayload>,
    },
    jobCancelled: {
      reducer(state, { payload: p }: PayloadAction<JobIdPayload & { at: number }>) {
        const job = liveJob(state, p.id);
        if (!job) return;
        job.status = 'cancelled';
        touch(job, p.at);
      },
      prepare: timed<JobIdPayload>,
    },
    /** The server no longer knows the job (404/410), or its file expired. */
    jobExpired: {
      reducer(state, { payload: p }: PayloadAction<JobIdPayload & { at: number }>) {
        const job = liveJob(state, p.id);
        if (!job) return;
        job.status = 'expired';
        touch(job, p.at);
      },
      prepare: timed<JobIdPayload>,
    },
    /**
     * The user dismissed the job: it goes, with its download record, and leaves a tombstone (`dismissedJobIds`). The only way out of a terminal state.
     * The optional second argument (`{ fromTab: true }`) marks a dismissal made in another tab.
     */
    jobDismissed: {
      reducer(state, action: PayloadAction<JobIdPayload & { at: number }, string, FromOtherTab | undefined>) {
        const p = action.payload;
        // A tombstone for a job seen here, or dismissed in another tab (its news may beat the job's own)
        if (!before(state).jobs.entities[p.id] && !isFromOtherTab(action)) return;
        jobsAdapter.removeOne(state.jobs, p.id);
        delete state.downloadedJobIds[p.id];
        state.dismissedJobIds = capTombstones({ ...before(state).dismissedJobIds, [p.id]: p.at });
      },
      prepare: timedFromTab<JobIdPayload>,
    },
    /**
     * The user asked to cancel. The job stops downloading automatically: a cancel that loses the race leaves a file to fetch by hand, not one forced on the user.
     * The optional second argument (`{ fromTab: true }`) marks a cancel asked in another tab: this tab does not call the server again.
     */
    cancelRequested: {
      reducer(state, { payload: p }: PayloadAction<JobIdPayload & { at: number }>) {
        if (before(state).jobs.entities[p.id]?.status === 'cancelling') return; // asked already
        const job = liveJob(state, p.id);
        if (!job) return;
        job.status = 'cancelling';
        job.autoDownload = false;
        touch(job, p.at);
      },
      prepare: timedFromTab<JobIdPayload>,
    },
    /** The cancel request itself failed; the job is running again as far as we know. */
    cancelFailed: {
      reducer(state, { payload: p }: PayloadAction<CancelFailedPayload & { at: number }>) {
        const seen = before(state).jobs.entities[p.id];
        if (!seen || seen.status !== 'cancelling') return;
        const job = state.jobs.entities[p.id]!;
        job.status = 'running';
        job.message = clipText(p.error.message, TEXT_LIMITS.message);
        touch(job, p.at);
      },
      prepare: timed<CancelFailedPayload>,
    },
    /** A user's click on Download / Download again. The listener turns it into a manual claim. */
    downloadRequested: {
      reducer() {},
      prepare: timed<JobIdPayload>,
    },
    /**
     * Claims the download of a job. Idempotent: an automatic claim only
     * succeeds when the job has no record; a manual one when no download of
     * that job is running; a resume only over an `interrupted` record with
     * attempts left. The effect whose `claimId` ends up in state runs it.
     */
    downloadClaimed: {
      reducer(state, { payload: p }: PayloadAction<DownloadClaimedPayload & { at: number }>) {
        const seen = before(state).jobs.entities[p.id];
        if (!seen || seen.status !== 'completed') return;
        const previous = before(state).downloadedJobIds[p.id];
        if (p.resume) {
          if (!previous || previous.status !== 'interrupted') return;
          if (p.maxAttempts !== undefined && previous.attempts >= p.maxAttempts) return;
          const existing = state.downloadedJobIds[p.id]!;
          existing.status = 'claimed';
          existing.claimId = p.claimId;
          existing.claimedAt = p.at;
          delete existing.settledAt;
          delete existing.retryAt;
          return;
        }
        if (p.trigger === 'auto' ? previous !== undefined : isActiveDownload(previous?.status)) return;
        state.downloadedJobIds[p.id] = { status: 'claimed', claimId: p.claimId, trigger: p.trigger, claimedAt: p.at, attempts: 0 };
      },
      prepare: timed<DownloadClaimedPayload>,
    },
    /** An attempt of the claim began: the transport is about to be called. */
    downloadStarted: {
      reducer(state, { payload: p }: PayloadAction<DownloadStepPayload & { at: number }>) {
        const record = ownedRecord(state, p);
        if (!record) return;
        record.status = 'downloading';
        record.attempts += 1;
        record.handover = 'preparing';
        delete record.deliveryId;
        delete record.retryAt;
      },
      prepare: timed<DownloadStepPayload>,
    },
    /** The file is about to reach the user (the link is clicked, the blob saved): written to storage before it does. */
    downloadHandedOver: {
      reducer(state, { payload: p }: PayloadAction<DownloadHandedOverPayload & { at: number }>) {
        const record = ownedRecord(state, p);
        if (!record) return;
        record.handover = 'handedOver';
        if (p.deliveryId !== undefined) record.deliveryId = clipText(p.deliveryId, TEXT_LIMITS.id);
        else delete record.deliveryId;
      },
      prepare: timed<DownloadHandedOverPayload>,
    },
    /** The file arrived (`confirmed`), or was handed to the browser and nothing more can be known (`confirmed: false`). */
    downloadSucceeded: {
      reducer(state, { payload: p }: PayloadAction<DownloadSucceededPayload & { at: number }>) {
        const record = ownedRecord(state, p);
        if (!record) return;
        record.status = 'done';
        record.settledAt = p.at;
        record.confirmed = p.confirmed ?? true;
        delete record.error;
        delete record.retryAt;
      },
      prepare: timed<DownloadSucceededPayload>,
    },
    /** After a reload, the server could not say whether a handed-over file arrived: the record is `interrupted` ("Download again"). */
    downloadInterrupted: {
      reducer(state, { payload: p }: PayloadAction<DownloadStepPayload & { at: number }>) {
        const record = ownedRecord(state, p);
        if (!record) return;
        record.status = 'interrupted';
        record.settledAt = p.at;
        delete record.retryAt;
      },
      prepare: timed<DownloadStepPayload>,
    },
    /** An attempt failed. With `retryAt` the claim goes on; without, the record is `failed` (never removed). */
    downloadFailed: {
      reducer(state, { payload: p }: PayloadAction<DownloadFailedPayload & { at: number }>) {
        const record = ownedRecord(state, p);
        if (!record) return;
        record.error = clipError(p.error);
        if (p.retryAt !== undefined) {
          record.retryAt = p.retryAt;
          return;
        }
        record.status = 'failed';
        record.settledAt = p.at;
        delete record.retryAt;
      },
      prepare: timed<DownloadFailedPayload>,
    },
    /** Another tab owned this job's automatic download; this is how it ended there. */
    downloadSettledElsewhere: {
      reducer(state, { payload: p }: PayloadAction<DownloadSettledElsewherePayload & { at: number }>) {
        const record = ownedRecord(state, p);
        if (!record) return;
        record.status = p.status;
        record.settledAt = p.at;
        delete record.retryAt;
        if (p.status === 'failed') record.error = { code: 'other_tab', message: 'The download failed in another tab' };
      },
      prepare: timed<DownloadSettledElsewherePayload>,
    },
    /** Finished jobs past their ttl or beyond the cap go, with their records. Active jobs are never pruned. */
    jobsPruned(state, { payload: p }: PayloadAction<JobsPrunedPayload>) {
      const ids = p.ids.filter((id) => {
        const job = state.jobs.entities[id];
        return job !== undefined && isTerminalStatus(job.status) && !isActiveDownload(state.downloadedJobIds[id]?.status);
      });
      jobsAdapter.removeMany(state.jobs, ids);
      for (const id of ids) delete state.downloadedJobIds[id];
    },
  },
  extraReducers: (builder) => {
    // A start is kept from the moment it is sent until its answer is applied (docs/failure-modes.md row 17).
    builder.addCase(startSent, (state, { payload: { start } }) => {
      const pending = (state.pendingStarts ??= {});
      pending[start.key] = start;
      const keys = Object.keys(pending);
      if (keys.length > MAX_PENDING_STARTS) {
        const oldest = keys.sort((a, b) => (pending[a]?.sentAt ?? 0) - (pending[b]?.sentAt ?? 0))[0];
        if (oldest !== undefined) delete pending[oldest];
      }
    });
    builder.addCase(startSettled, (state, { payload }) => {
      if (payload.key !== undefined && state.pendingStarts?.[payload.key]) delete state.pendingStarts[payload.key];
    });
  },
});

/** A job to track: `startExport` dispatches it with what the server answered. Adding a known job again only merges what is new, never backwards. `jobAdded(payload, { fromTab: true })` marks one another tab added. */
export const jobAdded = exportsSlice.actions.jobAdded;
/** The server reported progress (clamped to 0..100, never backwards). Auto-batched, and left out of the DevTools log by `createExportsStore`. */
export const jobProgressed = exportsSlice.actions.jobProgressed;
/** The server finished the file. For a job with `autoDownload` and no download record, the listener claims the download at once (`downloadClaimed`), before any await. */
export const jobCompleted = exportsSlice.actions.jobCompleted;
/** The server gave up on the job, with `{ code, message }`. Terminal. */
export const jobFailed = exportsSlice.actions.jobFailed;
/** The server confirmed the cancel. Terminal. */
export const jobCancelled = exportsSlice.actions.jobCancelled;
/** The server no longer knows the job (404/410) or its file expired. Terminal. */
export const jobExpired = exportsSlice.actions.jobExpired;
/** The user dismissed the job: it goes, with its download record, and everything running for it stops. `jobDismissed(payload, { fromTab: true })` marks a dismissal made in another tab. */
export const jobDismissed = exportsSlice.actions.jobDismissed;
/** The user asked to cancel: the job goes `cancelling`, stops downloading automatically, and the server is asked once. `cancelRequested(payload, { fromTab: true })` marks a cancel asked in another tab (this tab does not call the server). */
export const cancelRequested = exportsSlice.actions.cancelRequested;
/** The cancel request failed; the job runs on. */
export const cancelFailed = exportsSlice.actions.cancelFailed;
/** A click on Download / Download again: exactly one download, ignored while one runs for the job. */
export const downloadRequested = exportsSlice.actions.downloadRequested;
/** A download is claimed for a job (`claimId`, `trigger`). Idempotent: only the first claim of a job takes; only the effect whose `claimId` is in the state downloads. */
export const downloadClaimed = exportsSlice.actions.downloadClaimed;
/** The claim's transport call began (an attempt). */
export const downloadStarted = exportsSlice.actions.downloadStarted;
/** The file was handed to the browser. The record says `done` for good. */
export const downloadSucceeded = exportsSlice.actions.downloadSucceeded;
/** The file is about to reach the user; the handover (and its delivery id) is written to storage first. */
export const downloadHandedOver = exportsSlice.actions.downloadHandedOver;
/** After a reload, nobody could say whether the handed-over file arrived: `interrupted`. */
export const downloadInterrupted = exportsSlice.actions.downloadInterrupted;
/** An attempt failed: with `retryAt` another is due inside the same claim, without it the record is `failed` ("Download again"). The record is never removed. */
export const downloadFailed = exportsSlice.actions.downloadFailed;
/** Another tab owned this job's automatic download and it ended there: this tab mirrors how. */
export const downloadSettledElsewhere = exportsSlice.actions.downloadSettledElsewhere;
/** Finished jobs past their ttl or beyond `maxJobs` go, with their records. Active jobs are never pruned. */
export const jobsPruned = exportsSlice.actions.jobsPruned;

/** The slice's reducer, for `combineReducers` (or use `exportsSlice` with `combineSlices`). */
export const exportsReducer: Reducer<ExportsState> = exportsSlice.reducer;
