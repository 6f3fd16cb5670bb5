/**
 * The sweep once the slice is ready (after REHYDRATE, or on the first action
 * when nothing is persisted): start listening to the other tabs, prune,
 * watch what still runs, finish cancels a reload cut, download what
 * completed unseen, and resume (opt-in) or offer what a reload cut
 * (invariant 5, docs/design.md#persistence).
 */
import { isTerminalStatus } from '../model/jobStatus';
import { isExportsReady } from '../model/readiness';
import { cancelJob } from './cancelJob';
import { claimAutomaticDownload, claimDownload } from './claimDownload';
import type { EngineContext } from './engineContext';
import type { Pruner } from './pruneJobs';
import type { ExportsStoreApi } from './storeApi';
import { startMonitor } from './watchJob';

/** Sweeps when the slice is ready (a later REHYDRATE sweeps again: monitors and claims are idempotent). */
export type Sweep = (store: ExportsStoreApi) => void;

export function createSweep(ctx: EngineContext, prune: Pruner): Sweep & { done(): boolean } {
  let swept = false;
  const sweep = (store: ExportsStoreApi): void => {
    if (ctx.tasks.closed || !isExportsReady(store.getState())) return;
    swept = true;
    ctx.sharing.listen(store); // what other tabs announce from now on, and what they announced before REHYDRATE (once)
    prune(store, true);
    const { jobs, downloadedJobIds } = store.getState().exports;
    for (const id of jobs.ids) {
      const job = jobs.entities[id];
      if (!job) continue;
      if (job.status === 'cancelling') cancelJob(ctx, store, id);
      else if (!isTerminalStatus(job.status)) startMonitor(ctx, store, id, { immediate: true });
      else {
        const record = downloadedJobIds[id];
        if (!record) claimAutomaticDownload(ctx, store, id);
        else if (record.status === 'interrupted' && record.trigger === 'auto' && ctx.options.resumeInterrupted === 'auto') {
          claimDownload(ctx, store, id, 'auto', true);
        }
      }
    }
  };
  return Object.assign(sweep, { done: () => swept });
}
