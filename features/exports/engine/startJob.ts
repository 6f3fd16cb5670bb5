/**
 * The engine's side of `startExport`: on `startRequested` it says it took
 * the request (`startSent`, synchronously), calls `transport.start`, checks
 * the answer at its edge, adds the job, and answers the thunk
 * (`startSettled`). An aborted thunk aborts the request.
 */
import { toErrorInfo } from '../errors/toErrorInfo';
import { jobAdded } from '../model/exportsSlice';
import { startSent, startSettled } from '../model/startActions';
import type { StartRequestedPayload } from '../model/startActions';
import { TEXT_LIMITS } from '../shapes/jobShape';
import { parseJobSnapshot } from '../shapes/parseJobSnapshot';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

const STOPPED = { code: 'aborted', message: 'The start was stopped before the server answered' };

export function startJob(ctx: EngineContext, store: ExportsStoreApi, payload: StartRequestedPayload): void {
  const { requestId } = payload;
  let answered = false;
  const answer = (settled: Parameters<typeof startSettled>[0]): void => {
    if (answered) return;
    answered = true;
    store.dispatch(startSettled(settled));
  };
  const taken = ctx.tasks.run('start', requestId, async (signal) => {
    // Stopped (the thunk aborted, the store disposed): the thunk hears it at once, whatever the transport does.
    signal.addEventListener('abort', () => answer({ requestId, error: STOPPED }), { once: true });
    try {
      const snapshot = parseJobSnapshot(await ctx.options.transport.start(payload.request, signal));
      if (signal.aborted) return;
      store.dispatch(
        jobAdded({
          ...snapshot,
          scope: snapshot.scope ?? payload.request.scope,
          label: payload.label?.slice(0, TEXT_LIMITS.label) ?? snapshot.label,
          autoDownload: payload.autoDownload,
          at: ctx.options.now(),
        }),
      );
      const job = store.getState().exports.jobs.entities[snapshot.id];
      answer(job ? { requestId, job } : { requestId, error: { code: 'invalid_response', message: 'The job could not be tracked' } });
    } catch (error) {
      if (signal.aborted) return;
      ctx.report(error, { phase: 'start' });
      answer({ requestId, error: toErrorInfo(error) });
    }
  });
  if (taken) store.dispatch(startSent({ requestId }));
}
