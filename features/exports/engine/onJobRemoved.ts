/**
 * A job dismissed or pruned: everything running for it stops. A dismissal
 * is told to the other tabs and written at once, here and in every tab told
 * of it: a tab opened before the next throttled write would read the job
 * back from storage, show it, and write it back for all
 * (docs/design.md#tabs).
 */
import type { jobDismissed, jobsPruned } from '../model/exportsSlice';
import { isExportsReady } from '../model/readiness';
import type { ExportsRootState } from '../model/types';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

export function onJobDismissed(ctx: EngineContext, store: ExportsStoreApi, action: ReturnType<typeof jobDismissed>, before: ExportsRootState): void {
  const { id } = action.payload;
  ctx.tasks.abortJob(id, 'dismissed');
  if (!before.exports.jobs.entities[id]) return;
  ctx.sharing.announce(action, { type: 'dismissed', id });
  if (isExportsReady(store.getState())) void ctx.persistNow(id);
}

export function onJobsPruned(ctx: EngineContext, store: ExportsStoreApi, action: ReturnType<typeof jobsPruned>): void {
  const remaining = store.getState().exports.jobs.entities;
  for (const id of action.payload.ids) if (!remaining[id]) ctx.tasks.abortJob(id, 'dismissed');
}
