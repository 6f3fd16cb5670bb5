import { selectDownloadByJobId, selectJobById } from '../model/selectors';
import type { DownloadRecord, ExportJob } from '../model/types';
import { useExportsSelector } from './reduxHooks';

export interface UseExportJobResult {
  /** The job, or `undefined` when it is unknown or was dismissed. */
  job: ExportJob | undefined;
  /** Its download record, or `undefined` before any download was claimed. */
  download: DownloadRecord | undefined;
}

/**
 * One job and its download record. Re-renders only when that job or that
 * record changes, never on another job's progress.
 *
 * @example
 * const { job, download } = useExportJob(id)
 * return <span>{job?.progress}% {download?.status}</span>
 */
export function useExportJob(id: string): UseExportJobResult {
  const job = useExportsSelector((state) => selectJobById(state, id));
  const download = useExportsSelector((state) => selectDownloadByJobId(state, id));
  return { job, download };
}
