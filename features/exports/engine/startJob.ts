/**
 * The engine's side of `startExport` (docs/design.md#actions). On
 * `startRequested` it makes an idempotency key and says it took the
 * request (`startSent`, synchronously: the start is then kept in
 * `pendingStarts`); the start is written to storage before it is sent, so a
 * reload that cuts the request sends it again with the same key, and the
 * server answers the same job (`resumeStart`, from the reload sweep:
 * docs/failure-modes.md row 17). The answer is checked at the engine's
 * edge, the job added, and the thunk answered (`startSettled`). Retryable
 * failures are tried again inside the same start, by the retry policy.
 */
import { toErrorInfo } from '../errors/toErrorInfo';
import { jobAdded } from '../model/exportsSlice';
import { isExportsReady } from '../model/readiness';
import { clipText, TEXT_LIMITS } from '../model/fieldLimits';
import { startSent, startSettled } from '../model/startActions';
import type { StartRequestedPayload, StartSettledPayload } from '../model/startActions';
import type { ExportJob, PendingStart } from '../model/types';
import { parseJobSnapshot } from '../shapes/parseJobSnapshot';
import { delay } from '../timing/delay';
import { decideRetry } from '../timing/retryPolicy';
import { retryPolicyOf } from './options';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';
import { stopCauseOf } from './taskRegistry';

const STOPPED = { code: 'aborted', message: 'The start was stopped before the server answered' };
const UNTRACKED = { code: 'invalid_response', message: 'The job could not be tracked' };

/** A thunk's request: keep it, write it, send it. */
export function startJob(ctx: EngineContext, store: ExportsStoreApi, payload: StartRequestedPayload): void {
  // The thunk's requestId is unique: it is the start's idempotency key, and its task's key.
  const start: PendingStart = {
    key: payload.requestId,
    request: payload.request,
    autoDownload: payload.autoDownload,
    sentAt: ctx.options.now(),
  };
  if (payload.label !== undefined) start.label = clipText(payload.label, TEXT_LIMITS.label);
  if (send(ctx, store, start)) store.dispatch(startSent({ requestId: payload.requestId, start }));
}

/** A start a reload cut short: sent again with its key (nobody waits for the answer but the state). */
export function resumeStart(ctx: EngineContext, store: ExportsStoreApi, start: PendingStart): void {
  send(ctx, store, start);
}

/** Sends `start` as the one task of its key (a start already on its way is not sent twice). */
function send(ctx: EngineContext, store: ExportsStoreApi, start: PendingStart): boolean {
  const requestId = start.key;
  let answered = false;
  const answer = (settled: StartSettledPayload): void => {
    if (answered) return;
    answered = true;
    store.dispatch(startSettled(settled));
  };
  return ctx.tasks.run('start', start.key, async (signal) => {
    // Stopped: the thunk hears it at once, whatever the transport does. A page going away (dispose)
    // keeps the start for the next page; a thunk aborted by the app gives it up.
    signal.addEventListener('abort', () => answer({ requestId, error: STOPPED, ...(stopCauseOf(signal) === 'disposed' ? {} : { key: start.key }) }), {
      once: true,
    });
    // The start and its key are on disk before the request goes out (before REHYDRATE there is
    // nothing to write yet: the start is merged into what storage held, and written with it).
    if (isExportsReady(store.getState())) await ctx.persistNow();
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        // Answered in the same tick as the job is added: the write that stores the job also drops the start.
        return await attemptStart(ctx, store, start, signal, (job) =>
          answer(job ? { requestId, key: start.key, job } : { requestId, key: start.key, error: UNTRACKED }),
        );
      } catch (error) {
        if (signal.aborted) return;
        ctx.report(error, { phase: 'start' });
        const decision = decideRetry(error, attempt, retryPolicyOf(ctx.options));
        if (!decision.retry) return answer({ requestId, key: start.key, error: toErrorInfo(error) });
        await delay(decision.delayMs, signal).catch(() => undefined);
      }
    }
  });
}

/** One request: the server's answer checked, the job added, and `settle` told, in the same tick. */
async function attemptStart(
  ctx: EngineContext,
  store: ExportsStoreApi,
  start: PendingStart,
  signal: AbortSignal,
  settle: (job: ExportJob | undefined) => void,
): Promise<void> {
  const snapshot = parseJobSnapshot(await ctx.options.transport.start({ ...start.request, idempotencyKey: start.key }, signal));
  signal.throwIfAborted();
  store.dispatch(
    jobAdded({
      ...snapshot,
      scope: snapshot.scope ?? start.request.scope,
      label: start.label ?? snapshot.label,
      autoDownload: start.autoDownload,
      at: ctx.options.now(),
    }),
  );
  settle(store.getState().exports.jobs.entities[snapshot.id]);
}
