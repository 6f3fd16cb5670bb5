import { selectJobIdsByScope, selectJobsByScope } from '../model/selectors';
import type { ExportJob, ExportsRootState } from '../model/types';
import { useExportsSelector } from './reduxHooks';

export interface UseExportJobsOptions {
  /** Only the jobs of this scope (`null`: jobs without one). Leave it out for every job. */
  scope?: string | null;
}

/**
 * The jobs of a scope, newest first. The array changes on every change of
 * any of them (progress included): to render a list, prefer
 * `useExportJobIds` and one `useExportJob` per row.
 *
 * @example
 * const jobs = useExportJobs({ scope: projectId })
 * const running = jobs.filter((job) => job.status === 'running').length
 */
export function useExportJobs(options: UseExportJobsOptions = {}): ExportJob[] {
  return useExportsSelector((state) => selectJobsByScope(state, options.scope));
}

/**
 * The ids of a scope's jobs (all jobs without `scope`), newest first: the
 * same array while only progress changes, so a list keyed by id does not
 * re-render on ticks.
 *
 * @example
 * const ids = useExportJobIds({ scope: projectId })
 * return <ul>{ids.map((id) => <MyRow key={id} id={id} />)}</ul>
 */
export function useExportJobIds(options: UseExportJobsOptions = {}): readonly string[] {
  return useExportsSelector((state: ExportsRootState) => selectJobIdsByScope(state, options.scope));
}
