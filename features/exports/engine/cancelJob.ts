/**
 * Cancels a job on the server, once: the monitor stops, `transport.cancel`
 * is called, and its answer is applied (a late answer cannot move a
 * terminal job: invariant 4). A cancel that loses the race to completion
 * (409) learns how the job ended; one that fails leaves the job running and
 * watched again (docs/failure-modes.md rows 9 and 10).
 */
import { HttpStatusError } from '../errors/HttpStatusError';
import { toErrorInfo } from '../errors/toErrorInfo';
import { cancelFailed, jobExpired } from '../model/exportsSlice';
import { applySnapshot, isGone } from './applySnapshot';
import { jobRef } from './jobRef';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';
import { startMonitor } from './watchJob';

export function cancelJob(ctx: EngineContext, store: ExportsStoreApi, jobId: string): void {
  ctx.tasks.abort('monitor', jobId, 'cancelled');
  ctx.tasks.run('cancel', jobId, async (signal) => {
    try {
      const snapshot = await ctx.options.transport.cancel(jobId, signal, jobRef(store, jobId));
      if (signal.aborted) return;
      applySnapshot(ctx, store, jobId, snapshot);
    } catch (error) {
      if (signal.aborted) return;
      ctx.report(error, { phase: 'cancel', jobId });
      await settleFailedCancel(ctx, store, jobId, error, signal);
      if (isGone(error) || (error instanceof HttpStatusError && error.status === 409)) return;
    }
    if (!signal.aborted) startMonitor(ctx, store, jobId, { immediate: true, afterCancel: true });
  });
}

/** What a failed cancel means: the job is gone, it finished first (409: ask how), or it runs on. */
async function settleFailedCancel(ctx: EngineContext, store: ExportsStoreApi, jobId: string, error: unknown, signal: AbortSignal): Promise<void> {
  const { transport, now } = ctx.options;
  if (isGone(error)) {
    store.dispatch(jobExpired({ id: jobId, at: now() }));
    return;
  }
  if (error instanceof HttpStatusError && error.status === 409) {
    try {
      applySnapshot(ctx, store, jobId, await transport.getStatus(jobId, signal, jobRef(store, jobId)));
    } catch (statusError) {
      if (!signal.aborted) ctx.report(statusError, { phase: 'cancel', jobId });
    }
    return;
  }
  store.dispatch(cancelFailed({ id: jobId, error: toErrorInfo(error), at: now() }));
}
