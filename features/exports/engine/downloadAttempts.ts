/**
 * The attempts of one claim: make the claim durable, call the transport,
 * retry inside the same claim by the retry policy (`timing/retryPolicy.ts`),
 * record the outcome (docs/design.md#claim-protocol, invariants 2 and 5).
 */
import { toErrorInfo } from '../errors/toErrorInfo';
import { downloadFailed, downloadStarted, downloadSucceeded } from '../model/exportsSlice';
import type { OwnerOutcome } from '../tabs/types';
import { delay } from '../timing/delay';
import { decideRetry } from '../timing/retryPolicy';
import type { RetryPolicy } from '../timing/retryPolicy';
import { isActiveClaim, recordStopped, recordUnsaved } from './claimOutcomes';
import type { ClaimRun } from './claimOutcomes';
import type { ResolvedExportsOptions } from './options';
import { stopCauseOf } from './taskRegistry';

const policyOf = (options: ResolvedExportsOptions): RetryPolicy => ({
  maxAttempts: options.maxAttempts,
  baseDelayMs: options.retryBaseDelayMs,
  maxDelayMs: options.retryMaxDelayMs,
  maxRetryAfterMs: options.maxRetryAfterMs,
  random: options.random,
});

/** Runs the attempts of one claim; says how it ended (for the other tabs). */
export async function runAttempts(run: ClaimRun): Promise<OwnerOutcome> {
  for (;;) {
    const outcome = await attempt(run);
    if (outcome !== 'retry') return outcome;
  }
}

/** One attempt: `'retry'` when another is due and its wait is over. */
async function attempt(run: ClaimRun): Promise<OwnerOutcome | 'retry'> {
  const { ctx, store, jobId, claimId, signal } = run;
  const { options } = ctx;
  if (signal.aborted) return recordStopped(run);
  const state = store.getState().exports;
  const job = state.jobs.entities[jobId];
  if (!job || !isActiveClaim(state.downloadedJobIds[jobId], claimId)) return 'stopped';
  store.dispatch(downloadStarted({ id: jobId, claimId, at: options.now() }));
  const attemptNo = store.getState().exports.downloadedJobIds[jobId]?.attempts ?? 1;
  // The claim, and the attempt it is on, are on disk before the side effect (invariant 5).
  const durable = await ctx.persistNow(jobId);
  if (signal.aborted) return recordStopped(run);
  // A reload could bring the job back without this claim: no automatic download then.
  if (!durable && store.getState().exports.downloadedJobIds[jobId]?.trigger === 'auto') return recordUnsaved(run);
  try {
    await options.transport.download(job, { signal });
    if (stopCauseOf(signal) === 'disposed') return 'done';
    store.dispatch(downloadSucceeded({ id: jobId, claimId, at: options.now() }));
    void ctx.persistNow(jobId);
    return 'done';
  } catch (error) {
    if (signal.aborted) return recordStopped(run);
    ctx.report(error, { phase: 'download', jobId });
    const decision = decideRetry(error, attemptNo, policyOf(options));
    const info = toErrorInfo(error);
    if (!decision.retry) {
      store.dispatch(downloadFailed({ id: jobId, claimId, error: info, at: options.now() }));
      void ctx.persistNow(jobId);
      return 'failed';
    }
    store.dispatch(downloadFailed({ id: jobId, claimId, error: info, retryAt: options.now() + decision.delayMs, at: options.now() }));
    try {
      await delay(decision.delayMs, signal);
    } catch {
      return recordStopped(run);
    }
    return 'retry';
  }
}
