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

/** Dispatches the claim, synchronously, and starts its download when this effect owns it. */
export function claimDownload(ctx: EngineContext, store: ExportsStoreApi, jobId: string, trigger: DownloadTrigger, resume = false): boolean {
  const claimId = ctx.options.createClaimId();
  store.dispatch(downloadClaimed({ id: jobId, claimId, trigger, resume, maxAttempts: ctx.options.maxAttempts, at: ctx.options.now() }));
  const owned = store.getState().exports.downloadedJobIds[jobId]?.claimId === claimId;
  if (owned) startDownload(ctx, store, jobId, claimId, resume);
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
