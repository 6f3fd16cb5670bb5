/**
 * Cancels a job on the server, once: the monitor stops, any download of the
 * job is aborted, `transport.cancel` is called, and its answer is applied
 * (a late answer cannot move a terminal job: invariant 4).
 */
import { toErrorInfo } from '../errors/toErrorInfo';
import { HttpStatusError } from '../errors/HttpStatusError';
import { cancelFailed, jobExpired } from '../model/exportsSlice';
import type { ExportsRuntime } from './taskRegistry';
import { applySnapshot, isGone, startMonitor } from './watchJob';
import type { ExportsStoreApi } from './storeApi';

export function cancelJob(runtime: ExportsRuntime, store: ExportsStoreApi, jobId: string): void {
  runtime.abort('monitor', jobId, 'cancelled');
  runtime.run('cancel', jobId, async (signal) => {
    const { transport, now } = runtime.options;
    try {
      const snapshot = await transport.cancel(jobId, signal);
      if (signal.aborted) return;
      applySnapshot(runtime, store, jobId, snapshot);
    } catch (error) {
      if (signal.aborted) return;
      runtime.report(error, { phase: 'cancel', jobId });
      if (isGone(error)) {
        store.dispatch(jobExpired({ id: jobId, at: now() }));
        return;
      }
      if (error instanceof HttpStatusError && error.status === 409) {
        // Finished before the cancel arrived: learn how it ended.
        try {
          applySnapshot(runtime, store, jobId, await transport.getStatus(jobId, signal));
        } catch (statusError) {
          if (!signal.aborted) runtime.report(statusError, { phase: 'cancel', jobId });
        }
        return;
      }
      store.dispatch(cancelFailed({ id: jobId, error: toErrorInfo(error), at: now() }));
    }
    if (!signal.aborted) startMonitor(runtime, store, jobId, { immediate: true, afterCancel: true });
  });
}
