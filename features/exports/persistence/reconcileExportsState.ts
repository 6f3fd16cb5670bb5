/**
 * How the stored slice meets the live one at REHYDRATE. redux-persist's
 * default overwrites whatever changed before REHYDRATE; here the stored
 * jobs and records come back, and jobs and records the page made before
 * REHYDRATE (an export started during boot) are kept beside them; a job
 * dismissed on either side stays out.
 */
import { jobsAdapter } from '../model/exportsSlice';
import type { ExportJob, ExportsState } from '../model/types';

export function reconcileExportsState<S extends ExportsState>(inbound: ExportsState, _original: S, reduced: S): S {
  const stored = inbound.jobs.ids.map((id) => inbound.jobs.entities[id]).filter((job): job is ExportJob => job !== undefined);
  const dismissedJobIds = { ...inbound.dismissedJobIds, ...reduced.dismissedJobIds };
  const fresh = reduced.jobs.ids
    .filter((id) => inbound.jobs.entities[id] === undefined && dismissedJobIds[id] === undefined)
    .map((id) => reduced.jobs.entities[id])
    .filter((job): job is ExportJob => job !== undefined);
  const downloadedJobIds = { ...inbound.downloadedJobIds };
  for (const id of Object.keys(reduced.downloadedJobIds)) {
    const record = reduced.downloadedJobIds[id];
    if (record && downloadedJobIds[id] === undefined) downloadedJobIds[id] = record;
  }
  for (const id of Object.keys(reduced.dismissedJobIds ?? {})) delete downloadedJobIds[id];
  return {
    ...reduced,
    jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), [...stored.filter((job) => reduced.dismissedJobIds?.[job.id] === undefined), ...fresh]),
    downloadedJobIds,
    // Starts cut by the last reload, and starts sent during this boot.
    pendingStarts: { ...inbound.pendingStarts, ...reduced.pendingStarts },
    // Dismissals read back, and made during this boot (news from other tabs): those jobs stay out.
    ...(inbound.dismissedJobIds || reduced.dismissedJobIds ? { dismissedJobIds } : {}),
  };
}
