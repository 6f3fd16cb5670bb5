/**
 * Export history: the jobs the server knows for a scope
 * (`ExportTransport.list`). A listed job this browser does not know is
 * added with `origin: 'server'` and `autoDownload: false`: watched while
 * it runs (`onJobAdded`), never downloaded automatically, offered with
 * "Download" (invariant 1 holds trivially: there is never an automatic
 * claim). A job this browser knows is left to its own monitor and claim.
 */
import { jobAdded } from '../model/exportsSlice';
import type { ExportsStoreApi } from './storeApi';
import type { EngineContext } from './engineContext';
import { parseJobSnapshot } from '../shapes/parseJobSnapshot';

/** At most this many listed jobs are taken from one answer (the state keeps `maxJobs` anyway). */
const MAX_LISTED = 200;

export function listJobs(ctx: EngineContext, store: ExportsStoreApi, scope: string | null): void {
  const { transport, now } = ctx.options;
  const list = transport.list;
  if (!list) return;
  ctx.tasks.run('history', scope ?? '', async (signal) => {
    const listed = await list.call(transport, scope, signal);
    if (signal.aborted || !Array.isArray(listed)) return;
    for (const raw of listed.slice(0, MAX_LISTED)) {
      let snapshot;
      try {
        snapshot = parseJobSnapshot(raw);
      } catch (error) {
        ctx.report(error, { phase: 'history' });
        continue;
      }
      if (store.getState().exports.jobs.entities[snapshot.id]) continue;
      store.dispatch(jobAdded({ ...snapshot, scope: snapshot.scope ?? scope, autoDownload: false, origin: 'server', at: now() }));
    }
  });
}
