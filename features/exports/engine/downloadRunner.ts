/**
 * Runs the download of one claim: makes the claim durable, calls the
 * transport, retries inside the same claim by the retry policy, and records
 * the outcome. It never removes a record (invariant 2) and stops at once
 * when its signal aborts.
 */
import { delay } from '../timing/delay';
import { toErrorInfo } from '../errors/toErrorInfo';
import { downloadFailed, downloadSettledElsewhere, downloadStarted, downloadSucceeded } from '../model/exportsSlice';
import { abortCauseOf } from './taskRegistry';
import type { ExportsRuntime } from './taskRegistry';
import { decideRetry } from '../timing/retryPolicy';
import type { ExportsStoreApi } from './storeApi';
import type { OwnerOutcome } from '../tabs/createTabCoordinator';
import type { DownloadRecord } from '../model/types';

const isActive = (record: DownloadRecord | undefined, claimId: string): record is DownloadRecord =>
  record !== undefined && record.claimId === claimId && (record.status === 'claimed' || record.status === 'downloading');

/**
 * Starts the download of `claimId`; only the effect that holds the claim in
 * state may call this. An automatic claim first makes sure no other tab
 * owns the job (when tabs are coordinated).
 */
export function startDownload(runtime: ExportsRuntime, store: ExportsStoreApi, jobId: string, claimId: string, resume = false): void {
  const previous = runtime.claimOf(jobId);
  if (previous !== undefined && previous !== claimId) runtime.abort('download', jobId, 'finished');
  runtime.run(
    'download',
    jobId,
    async (signal) => {
      const tabs = runtime.options.tabs;
      const trigger = store.getState().exports.downloadedJobIds[jobId]?.trigger;
      if (!tabs || trigger !== 'auto') {
        await runClaim(runtime, store, jobId, claimId, signal);
        return;
      }
      let result;
      try {
        result = await tabs.exclusive(jobId, claimId, { resume, signal }, () => runClaim(runtime, store, jobId, claimId, signal));
      } catch (error) {
        // Stopped while waiting for another tab's download (a cancel): say so, or the claim stays `claimed` for good.
        if (signal.aborted) return void recordStopped(runtime, store, jobId, claimId, signal);
        runtime.report(error, { phase: 'download', jobId });
        await runClaim(runtime, store, jobId, claimId, signal); // no coordination to be had: this tab goes on alone
        return;
      }
      if (result.ran) return;
      if (signal.aborted) recordStopped(runtime, store, jobId, claimId, signal);
      else if (result.status === 'unrecorded') recordUnsaved(runtime, store, jobId, claimId);
      else store.dispatch(downloadSettledElsewhere({ id: jobId, claimId, status: result.status, at: runtime.options.now() }));
      void runtime.persistNow(jobId);
    },
    claimId,
  );
}

/** Records that the claim was stopped by its signal (unless the page or the job is gone, or the claim was replaced). */
function recordStopped(runtime: ExportsRuntime, store: ExportsStoreApi, jobId: string, claimId: string, signal: AbortSignal): OwnerOutcome {
  const cause = abortCauseOf(signal);
  if (cause === 'disposed' || cause === 'dismissed') return 'stopped'; // nothing left to record into
  if (!isActive(store.getState().exports.downloadedJobIds[jobId], claimId)) return 'stopped';
  store.dispatch(
    downloadFailed({
      id: jobId,
      claimId,
      error: { code: 'aborted', message: cause === 'cancelled' ? 'The download was cancelled' : 'The download was stopped' },
      at: runtime.options.now(),
    }),
  );
  return 'stopped';
}

/**
 * An automatic download not started because its claim could not be made
 * durable (in storage, or in the tabs' ledger): a reload or another tab
 * could start it again. The user is offered "Download again" instead.
 */
function recordUnsaved(runtime: ExportsRuntime, store: ExportsStoreApi, jobId: string, claimId: string): OwnerOutcome {
  store.dispatch(
    downloadFailed({
      id: jobId,
      claimId,
      error: { code: 'not_saved', message: 'This browser could not save the download; download it by hand' },
      at: runtime.options.now(),
    }),
  );
  return 'failed';
}

/** Runs the attempts of one claim; says how it ended (for the other tabs). */
async function runClaim(runtime: ExportsRuntime, store: ExportsStoreApi, jobId: string, claimId: string, signal: AbortSignal): Promise<OwnerOutcome> {
  const { options } = runtime;
  const policy = {
    maxAttempts: options.maxAttempts,
    baseDelayMs: options.retryBaseDelayMs,
    maxDelayMs: options.retryMaxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    random: options.random,
  };
  const stopped = (): OwnerOutcome => recordStopped(runtime, store, jobId, claimId, signal);

  for (;;) {
    if (signal.aborted) return stopped();
    const state = store.getState().exports;
    const job = state.jobs.entities[jobId];
    if (!job || !isActive(state.downloadedJobIds[jobId], claimId)) return 'stopped';
    store.dispatch(downloadStarted({ id: jobId, claimId, at: options.now() }));
    const attempt = store.getState().exports.downloadedJobIds[jobId]?.attempts ?? 1;
    // The claim, and the attempt it is on, are on disk before the side effect (invariant 5).
    const durable = await runtime.persistNow(jobId);
    if (signal.aborted) return stopped();
    // A reload could bring the job back without this claim: no automatic download then.
    if (!durable && store.getState().exports.downloadedJobIds[jobId]?.trigger === 'auto') return recordUnsaved(runtime, store, jobId, claimId);
    try {
      await options.transport.download(job, { signal });
      if (abortCauseOf(signal) === 'disposed') return 'done';
      store.dispatch(downloadSucceeded({ id: jobId, claimId, at: options.now() }));
      void runtime.persistNow(jobId);
      return 'done';
    } catch (error) {
      if (signal.aborted) return stopped();
      runtime.report(error, { phase: 'download', jobId });
      const decision = decideRetry(error, attempt, policy);
      const info = toErrorInfo(error);
      if (!decision.retry) {
        store.dispatch(downloadFailed({ id: jobId, claimId, error: info, at: options.now() }));
        void runtime.persistNow(jobId);
        return 'failed';
      }
      store.dispatch(downloadFailed({ id: jobId, claimId, error: info, retryAt: options.now() + decision.delayMs, at: options.now() }));
      try {
        await delay(decision.delayMs, signal);
      } catch {
        return stopped();
      }
    }
  }
}
