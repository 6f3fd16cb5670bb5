/**
 * Runs the download of one claim: across tabs first (one tab downloads an
 * automatic claim), then the attempts of `downloadAttempts.ts`. It never
 * removes a record (invariant 2) and stops at once when its signal aborts.
 */
import { downloadSettledElsewhere } from '../model/exportsSlice';
import { recordStopped, recordUnsaved } from './claimOutcomes';
import type { ClaimRun } from './claimOutcomes';
import { runAttempts } from './downloadAttempts';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

/**
 * Starts the download of `claimId`; only the effect that holds the claim in
 * state may call this. An automatic claim first makes sure no other tab
 * owns the job (when tabs are coordinated).
 */
export function startDownload(ctx: EngineContext, store: ExportsStoreApi, jobId: string, claimId: string, resume = false): void {
  const previous = ctx.tasks.claimOf(jobId);
  if (previous !== undefined && previous !== claimId) ctx.tasks.abort('download', jobId, 'finished');
  ctx.tasks.run('download', jobId, (signal) => runClaim({ ctx, store, jobId, claimId, signal }, resume), claimId);
}

async function runClaim(run: ClaimRun, resume: boolean): Promise<void> {
  const { ctx, store, jobId, claimId, signal } = run;
  const tabs = ctx.options.tabs;
  if (!tabs || store.getState().exports.downloadedJobIds[jobId]?.trigger !== 'auto') {
    await runAttempts(run);
    return;
  }
  let result;
  try {
    result = await tabs.exclusive(jobId, claimId, { resume, signal }, (owner) => runAttempts(owner ? { ...run, owner } : run));
  } catch (error) {
    // Stopped while waiting for another tab's download (a cancel): say so, or the claim stays `claimed` for good.
    if (signal.aborted) return void recordStopped(run);
    ctx.report(error, { phase: 'download', jobId });
    await runAttempts(run); // no coordination to be had: this tab goes on alone
    return;
  }
  if (result.ran) return;
  if (signal.aborted) recordStopped(run);
  else if (result.status === 'unrecorded') recordUnsaved(run);
  else store.dispatch(downloadSettledElsewhere({ id: jobId, claimId, status: result.status, at: ctx.options.now() }));
  void ctx.persistNow(jobId);
}
