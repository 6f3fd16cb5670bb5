/**
 * The attempts of one claim: make the claim durable, call the transport,
 * retry inside the same claim by the retry policy (`timing/retryPolicy.ts`),
 * record the outcome (docs/design.md#claim-protocol, invariants 2 and 5).
 */
import { AbortedError } from '../errors/AbortedError';
import { ExportError } from '../errors/ExportError';
import { downloadHandedOver, downloadInterrupted, downloadStarted, downloadSucceeded } from '../model/exportsSlice';
import type { DownloadResult } from '../model/types';
import type { OwnerOutcome } from '../tabs/types';
import { failOrRetry, isActiveClaim, recordStopped, recordUnsaved, UNSAVED_MESSAGE } from './claimOutcomes';
import type { ClaimRun } from './claimOutcomes';
import { settleDelivery } from './deliveryReceipts';
import { stopCauseOf } from './taskRegistry';


/**
 * Runs the attempts of one claim; says how it ended (for the other tabs).
 * A claim that resumes a handover cut by a reload first asks the server
 * what became of it (docs/design.md#delivery).
 */
export async function runAttempts(run: ClaimRun): Promise<OwnerOutcome> {
  const cut = handedOverBefore(run);
  if (cut === 'unknowable') return settleUnknowable(run);
  if (cut !== undefined && run.ctx.options.transport.getDelivery) {
    const outcome = await settleDelivery(run, cut, true);
    if (outcome !== 'retry') return outcome;
  }
  for (;;) {
    const outcome = await attempt(run);
    if (outcome !== 'retry') return outcome;
  }
}

/**
 * The delivery a page that is gone handed over for this claim: from the
 * tabs' ledger when this tab took over from a dead owner, else from the
 * record a reload cut. `'unknowable'`: the dead owner handed the file over
 * without a delivery to ask about.
 */
function handedOverBefore(run: ClaimRun): string | 'unknowable' | undefined {
  const { store, jobId, claimId, ctx, owner } = run;
  const adopted = owner?.adopted;
  if (!adopted) {
    const cut = store.getState().exports.downloadedJobIds[jobId];
    return cut?.handover === 'handedOver' ? cut.deliveryId : undefined;
  }
  if (!adopted.handedOver) return undefined; // nothing reached the user: the attempts run as for a new claim
  if (adopted.deliveryId === undefined || !ctx.options.transport.getDelivery) return 'unknowable';
  store.dispatch(downloadHandedOver({ id: jobId, claimId, deliveryId: adopted.deliveryId, at: ctx.options.now() }));
  return adopted.deliveryId;
}

/** A dead owner's handover nobody can ask about: `interrupted`, offered again (never a second file on its own). */
function settleUnknowable(run: ClaimRun): OwnerOutcome {
  run.store.dispatch(downloadInterrupted({ id: run.jobId, claimId: run.claimId, at: run.ctx.options.now() }));
  void run.ctx.persistNow(run.jobId);
  return 'failed';
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
    const result = (await options.transport.download(job, { signal, beforeHandover: handoverWriter(run) })) ?? { delivery: 'handedOver' };
    if (stopCauseOf(signal) === 'disposed') return 'done';
    // A transport that never called beforeHandover has handed the file over by now.
    if (store.getState().exports.downloadedJobIds[jobId]?.handover !== 'handedOver') {
      store.dispatch(downloadHandedOver({ id: jobId, claimId, ...deliveryOf(result), at: options.now() }));
    }
    if (result.delivery === 'handedOver' && result.deliveryId !== undefined && options.transport.getDelivery) {
      return await settleDelivery(run, result.deliveryId, false);
    }
    store.dispatch(downloadSucceeded({ id: jobId, claimId, confirmed: result.delivery === 'saved', at: options.now() }));
    void ctx.persistNow(jobId);
    return 'done';
  } catch (error) {
    if (signal.aborted) return recordStopped(run);
    ctx.report(error, { phase: 'download', jobId });
    return failOrRetry(run, error, attemptNo);
  }
}

const deliveryOf = (result: DownloadResult): { deliveryId?: string } => (result.deliveryId === undefined ? {} : { deliveryId: result.deliveryId });

/**
 * The `beforeHandover` of one attempt: the handover (and the delivery its
 * link names) is written to storage before the file reaches the user, so a
 * reload can tell "nothing reached the user" (resumed) from "handed over"
 * (asked about, or offered again). It refuses when stopped, or when an
 * automatic download's handover could not be made durable.
 */
function handoverWriter(run: ClaimRun): (deliveryId?: string) => Promise<void> {
  const { ctx, store, jobId, claimId, signal } = run;
  return async (deliveryId) => {
    if (signal.aborted) throw new AbortedError(signal.reason);
    run.owner?.handedOver(deliveryId); // in the tabs' ledger, at once: a tab that takes over knows the link went out
    store.dispatch(downloadHandedOver({ id: jobId, claimId, ...(deliveryId === undefined ? {} : { deliveryId }), at: ctx.options.now() }));
    const durable = await ctx.persistNow(jobId);
    if (signal.aborted) throw new AbortedError(signal.reason);
    if (!durable && store.getState().exports.downloadedJobIds[jobId]?.trigger === 'auto') {
      throw new ExportError('not_saved', UNSAVED_MESSAGE);
    }
  };
}
