/**
 * The sweep once the slice is ready (after REHYDRATE, or on the first action
 * when nothing is persisted): start listening to the other tabs, prune,
 * send again the starts a reload cut (same idempotency key), watch what
 * still runs, finish cancels a reload cut, download what
 * completed unseen, and settle what a reload cut (resumeCutDownload.ts)
 * (invariant 5, docs/design.md#persistence).
 */
import { isTerminalStatus } from '../model/jobStatus';
import { isExportsReady } from '../model/readiness';
import { cancelJob } from './cancelJob';
import { claimAutomaticDownload } from './claimDownload';
import { resumeCutDownload } from './resumeCutDownload';
import type { EngineContext } from './engineContext';
import type { Pruner } from './pruneJobs';
import type { ExportsStoreApi } from './storeApi';
import { startSettled } from '../model/startActions';
import { resumeStart } from './startJob';
import { startMonitor } from './watchJob';

/** How long a cut start is sent again: the reference server keeps idempotency keys for 24 h. */
const START_RESUME_MS = 24 * 60 * 60_000;

/** Sweeps when the slice is ready (a later REHYDRATE sweeps again: monitors and claims are idempotent). */
export type Sweep = (store: ExportsStoreApi) => void;

export function createSweep(ctx: EngineContext, prune: Pruner): Sweep & { done(): boolean } {
  let swept = false;
  const sweep = (store: ExportsStoreApi): void => {
    if (ctx.tasks.closed || !isExportsReady(store.getState())) return;
    swept = true;
    ctx.sharing.listen(store); // what other tabs announce from now on, and what they announced before REHYDRATE (once)
    prune(store, true);
    const { jobs, downloadedJobIds, pendingStarts } = store.getState().exports;
    for (const start of Object.values(pendingStarts ?? {})) {
      // A reload cut these short: sent again with the same key, while the server still knows it.
      if (ctx.options.now() - start.sentAt < START_RESUME_MS) resumeStart(ctx, store, start);
      else store.dispatch(startSettled({ requestId: start.key, key: start.key, error: { code: 'start_expired', message: 'The start was too old to send again' } }));
    }
    for (const id of jobs.ids) {
      const job = jobs.entities[id];
      if (!job) continue;
      if (job.status === 'cancelling') cancelJob(ctx, store, id);
      else if (!isTerminalStatus(job.status)) startMonitor(ctx, store, id, { immediate: true });
      else {
        const record = downloadedJobIds[id];
        if (!record) claimAutomaticDownload(ctx, store, id);
        else if (record.status === 'interrupted') resumeCutDownload(ctx, store, id, record);
      }
    }
  };
  return Object.assign(sweep, { done: () => swept });
}
