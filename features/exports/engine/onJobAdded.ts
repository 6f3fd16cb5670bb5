/**
 * A job added (started here, announced by another tab, or added again):
 * tell the other tabs, write it at once (a reload before the next throttled
 * write must not lose it: docs/failure-modes.md row 7), watch it, and
 * download it if it came in already completed.
 */
import type { jobAdded } from '../model/exportsSlice';
import { isExportsReady } from '../model/readiness';
import type { ExportsRootState } from '../model/types';
import { claimAutomaticDownload } from './claimDownload';
import type { EngineContext } from './engineContext';
import type { Pruner } from './pruneJobs';
import type { ExportsStoreApi } from './storeApi';
import { startMonitor } from './watchJob';

export function onJobAdded(ctx: EngineContext, store: ExportsStoreApi, action: ReturnType<typeof jobAdded>, before: ExportsRootState, prune: Pruner): void {
  const { id } = action.payload;
  const isNew = !before.exports.jobs.entities[id];
  const job = store.getState().exports.jobs.entities[id];
  if (isNew && job) ctx.sharing.announce(action, { type: 'added', job });
  if (!isExportsReady(store.getState())) return;
  if (isNew) void ctx.persistNow(id);
  startMonitor(ctx, store, id);
  claimAutomaticDownload(ctx, store, id);
  if (store.getState().exports.jobs.ids.length > ctx.options.maxJobs) prune(store);
}
