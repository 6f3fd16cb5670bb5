/**
 * The user asked to cancel: any download of the job stops at once. When the
 * reducer accepted it (the job went `cancelling`), the other tabs are told,
 * it is written at once (a tab opened before the next throttled write would
 * read the job without its cancel, and download it should the server finish
 * it anyway), and the tab where the user clicked calls the server; the
 * others keep watching for the outcome (docs/design.md#tabs).
 */
import { isFromOtherTab } from '../model/exportsSlice';
import type { cancelRequested } from '../model/exportsSlice';
import { isExportsReady } from '../model/readiness';
import type { ExportsRootState } from '../model/types';
import { cancelJob } from './cancelJob';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

export function onCancelRequested(ctx: EngineContext, store: ExportsStoreApi, action: ReturnType<typeof cancelRequested>, before: ExportsRootState): void {
  const { id } = action.payload;
  ctx.tasks.abort('download', id, 'cancelled');
  const was = before.exports.jobs.entities[id];
  const now = store.getState().exports.jobs.entities[id];
  if (!was || was.status === 'cancelling' || now?.status !== 'cancelling') return;
  ctx.sharing.announce(action, { type: 'cancelRequested', id });
  if (!isExportsReady(store.getState())) return;
  void ctx.persistNow(id);
  if (!isFromOtherTab(action)) cancelJob(ctx, store, id);
}
