/**
 * Claiming a download: the heart of the design (docs/design.md#claim-protocol).
 * The claim is dispatched synchronously, before any await; only the effect
 * whose `claimId` is in the state afterwards runs the download. Duplicate
 * completions, re-renders, remounts and other registrations all meet a
 * claim that is already there (invariant 1).
 */
import { downloadClaimed } from '../model/exportsSlice';
import { isExportsReady } from '../model/readiness';
import type { DownloadTrigger } from '../model/types';
import { startDownload } from './downloadRunner';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

/**
 * How a claim relates to a record a reload cut: not at all (`false`), a
 * resume that makes another attempt (`'retry'`, within the attempt budget),
 * or one that first asks the server about the handed-over delivery
 * (`'ask'`: asking is no attempt, so the budget is checked only if another
 * attempt turns out to be due).
 */
export type ResumeKind = false | 'retry' | 'ask';

/** Dispatches the claim, synchronously, and starts its download when this effect owns it. */
export function claimDownload(ctx: EngineContext, store: ExportsStoreApi, jobId: string, trigger: DownloadTrigger, resume: ResumeKind = false): boolean {
  const claimId = ctx.options.createClaimId();
  const budget = resume === 'ask' ? {} : { maxAttempts: ctx.options.maxAttempts };
  store.dispatch(downloadClaimed({ id: jobId, claimId, trigger, resume: resume !== false, ...budget, at: ctx.options.now() }));
  const owned = store.getState().exports.downloadedJobIds[jobId]?.claimId === claimId;
  if (owned) startDownload(ctx, store, jobId, claimId, resume !== false);
  return owned;
}

/** The automatic download of a completed job: once per job, ever, and never before REHYDRATE (invariants 1 and 5). */
export function claimAutomaticDownload(ctx: EngineContext, store: ExportsStoreApi, jobId: string): void {
  const state = store.getState();
  if (ctx.tasks.closed || !isExportsReady(state)) return;
  const job = state.exports.jobs.entities[jobId];
  if (!job || job.status !== 'completed' || !job.autoDownload || state.exports.downloadedJobIds[jobId]) return;
  claimDownload(ctx, store, jobId, 'auto');
}

/** A user's click: one manual download, ignored while one of that job runs (invariant 3). */
export function claimManualDownload(ctx: EngineContext, store: ExportsStoreApi, jobId: string): void {
  if (!ctx.tasks.closed && isExportsReady(store.getState())) claimDownload(ctx, store, jobId, 'manual');
}
