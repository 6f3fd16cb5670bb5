/**
 * Delivery receipts (docs/design.md#delivery): a link handed to the browser
 * is only "Downloaded" once the server says every byte of that delivery was
 * sent. Until then the record stays `downloading`. The verdicts:
 * - `completed`: the file arrived (`done`, confirmed);
 * - `aborted` for `deliveryResumeGraceMs` (the browser did not resume the
 *   cut transfer on the same link by itself), or never fetched within
 *   `deliveryDeadlineMs`: the user has no file, so the claim tries again
 *   with a fresh link, by the retry policy and within its attempt budget;
 * - `unknown` (the server cannot say, or the transfer outlasted
 *   `deliveryMaxWaitMs`): "Sent to your browser" in the page that handed
 *   it over; `interrupted` after a reload, where nobody saw the handover.
 */
import { ExportError } from '../errors/ExportError';
import { downloadInterrupted, downloadSucceeded } from '../model/exportsSlice';
import type { OwnerOutcome } from '../tabs/types';
import { backoffLoop } from '../timing/backoffLoop';
import { isRetryableError } from '../timing/retryPolicy';
import { failOrRetry, recordStopped } from './claimOutcomes';
import type { ClaimRun } from './claimOutcomes';

/** What the receipts said about one delivery. */
export type DeliveryVerdict = 'completed' | 'aborted' | 'not_requested' | 'unknown';

/** Failed questions in a row after which the server is taken not to know. */
const MAX_FAILED_QUESTIONS = 5;

/** Asks the server about `deliveryId` until it is settled; `undefined` when the run was stopped. */
export async function awaitReceipt(run: ClaimRun, deliveryId: string): Promise<DeliveryVerdict | undefined> {
  const { ctx, jobId, signal } = run;
  const { transport, now, deliveryDeadlineMs, deliveryMaxWaitMs, deliveryPollIntervalMs, deliveryResumeGraceMs } = ctx.options;
  const getDelivery = transport.getDelivery;
  if (!getDelivery) return 'unknown';
  const since = now();
  let verdict: DeliveryVerdict | undefined;
  let failures = 0;
  let abortedSince: number | undefined;
  await backoffLoop(
    { signal, intervalMs: deliveryPollIntervalMs, maxIntervalMs: Math.max(deliveryPollIntervalMs, 5_000), random: ctx.options.random },
    async () => {
      try {
        const receipt = await getDelivery.call(transport, jobId, deliveryId, signal);
        failures = 0;
        const waited = now() - since;
        // Chromium resumes a cut transfer on the same link (Range): `aborted` is final only once it stays so.
        abortedSince = receipt?.status === 'aborted' ? (abortedSince ?? now()) : undefined;
        if (receipt?.status === 'completed') verdict = 'completed';
        else if (abortedSince !== undefined && now() - abortedSince >= deliveryResumeGraceMs) verdict = 'aborted';
        else if (receipt === null && waited >= deliveryDeadlineMs) verdict = 'not_requested';
        else if (waited >= deliveryMaxWaitMs) verdict = 'unknown';
        return { ok: true, done: verdict !== undefined };
      } catch (error) {
        if (signal.aborted) return { ok: false, done: true };
        ctx.report(error, { phase: 'download', jobId });
        if (!isRetryableError(error) || ++failures >= MAX_FAILED_QUESTIONS) verdict = 'unknown';
        return { ok: false, done: verdict !== undefined };
      }
    },
  );
  return signal.aborted ? undefined : verdict;
}

/**
 * Settles the handed-over delivery `deliveryId` of the claim by its
 * receipt: `'retry'` when another attempt is due (its wait is over).
 * `afterReload`: the handover was made by a page that is gone.
 */
export async function settleDelivery(run: ClaimRun, deliveryId: string, afterReload: boolean): Promise<OwnerOutcome | 'retry'> {
  const { ctx, store, jobId, claimId } = run;
  const verdict = await awaitReceipt(run, deliveryId);
  if (verdict === undefined) return recordStopped(run);
  const at = ctx.options.now();
  if (verdict === 'completed' || (verdict === 'unknown' && !afterReload)) {
    store.dispatch(downloadSucceeded({ id: jobId, claimId, confirmed: verdict === 'completed', at }));
    void ctx.persistNow(jobId);
    return 'done';
  }
  if (verdict === 'unknown') {
    store.dispatch(downloadInterrupted({ id: jobId, claimId, at }));
    void ctx.persistNow(jobId);
    return 'failed';
  }
  const message = verdict === 'aborted' ? 'The file transfer was cut off before the last byte' : 'The browser never fetched the download link';
  const error = new ExportError('not_delivered', message);
  return failOrRetry(run, error, store.getState().exports.downloadedJobIds[jobId]?.attempts ?? 1);
}
