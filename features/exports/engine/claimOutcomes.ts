/**
 * One claim's run, and the ways it can end without a transport answer: the
 * claim is live (`isActiveClaim`), stopped by its signal (`recordStopped`),
 * or could not be made durable (`recordUnsaved`). The runner and the
 * attempts both record through these (docs/design.md#claim-protocol).
 */
import { toErrorInfo } from '../errors/toErrorInfo';
import { downloadFailed } from '../model/exportsSlice';
import { delay } from '../timing/delay';
import { decideRetry } from '../timing/retryPolicy';
import { retryPolicyOf } from './options';
import type { DownloadRecord } from '../model/types';
import type { DownloadOwner, OwnerOutcome } from '../tabs/types';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';
import { stopCauseOf } from './taskRegistry';

/** The words of `not_saved`, wherever the engine finds a claim or handover it could not make durable. */
export const UNSAVED_MESSAGE = 'This browser could not save the download; download it by hand';

/** One claim's download, as the attempts and the tabs see it. */
export interface ClaimRun {
  ctx: EngineContext;
  store: ExportsStoreApi;
  jobId: string;
  claimId: string;
  signal: AbortSignal;
  /** From the tabs' ledger (`tabs.exclusive`), when the download runs under it. */
  owner?: DownloadOwner;
}

/** Whether a download record is the live one of a claim: the claim owns it and its download has not settled. */
export const isActiveClaim = (record: DownloadRecord | undefined, claimId: string): record is DownloadRecord =>
  record !== undefined && record.claimId === claimId && (record.status === 'claimed' || record.status === 'downloading');

/** Records that the claim was stopped by its signal (unless the page or the job is gone, or the claim was replaced). */
export function recordStopped(run: ClaimRun): OwnerOutcome {
  const { ctx, store, jobId, claimId, signal } = run;
  const cause = stopCauseOf(signal);
  if (cause === 'disposed' || cause === 'dismissed') return 'stopped'; // nothing left to record into
  if (!isActiveClaim(store.getState().exports.downloadedJobIds[jobId], claimId)) return 'stopped';
  const message = cause === 'cancelled' ? 'The download was cancelled' : 'The download was stopped';
  store.dispatch(downloadFailed({ id: jobId, claimId, error: { code: 'aborted', message }, at: ctx.options.now() }));
  return 'stopped';
}

/**
 * An automatic download not started because its claim could not be made
 * durable (in storage, or in the tabs' ledger): a reload or another tab
 * could start it again. The user is offered "Download again" instead.
 */
export function recordUnsaved(run: ClaimRun): OwnerOutcome {
  run.store.dispatch(downloadFailed({ id: run.jobId, claimId: run.claimId, error: { code: 'not_saved', message: UNSAVED_MESSAGE }, at: run.ctx.options.now() }));
  return 'failed';
}

/**
 * A failed attempt of the claim: `failed` for good when the retry policy
 * says no (docs/design.md#claim-protocol), else the retry is recorded and
 * waited for, and `'retry'` says the next attempt is due.
 */
export async function failOrRetry(run: ClaimRun, error: unknown, attemptNo: number): Promise<OwnerOutcome | 'retry'> {
  const { ctx, store, jobId, claimId, signal } = run;
  const decision = decideRetry(error, attemptNo, retryPolicyOf(ctx.options));
  const info = toErrorInfo(error);
  const at = ctx.options.now();
  if (!decision.retry) {
    store.dispatch(downloadFailed({ id: jobId, claimId, error: info, at }));
    void ctx.persistNow(jobId);
    return 'failed';
  }
  store.dispatch(downloadFailed({ id: jobId, claimId, error: info, retryAt: at + decision.delayMs, at }));
  try {
    await delay(decision.delayMs, signal);
  } catch {
    return recordStopped(run);
  }
  return 'retry';
}
