/**
 * What a row shows for a job and its download record: a pure function, so
 * the rules (which status, which buttons) are tested without rendering.
 *
 * The one rule that matters most: a completed job is not announced as done
 * until its record is `done`, and "Downloaded" only when the file is known
 * to have arrived (`confirmed`, docs/design.md#delivery). A server stage
 * named `downloading` or `packing` is only stage text (docs/failure-modes.md row 6).
 */
import { isTerminalStatus } from '../model/jobStatus';
import type { DownloadRecord, ErrorInfo, ExportJob } from '../model/types';
import { errorText } from './texts';
import type { ExportTexts } from './texts';

/** The state of a row as one word: the job's status, refined by its download once completed. */
export type ExportRowPhase =
  | 'pending'
  | 'running'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'expired'
  | 'ready'
  | 'downloading'
  | 'downloaded'
  | 'download-failed'
  | 'download-interrupted';

/** Which buttons a job's row offers now. */
export interface ExportRowActions {
  cancel: boolean;
  /** First manual download of a completed job that has no record (e.g. `autoDownload: false`). */
  download: boolean;
  downloadAgain: boolean;
  dismiss: boolean;
}

/** What a row shows for a job and its download record: phase, words, progress details and actions (`useExportJob` returns it). */
export interface ExportRowView {
  phase: ExportRowPhase;
  label: string;
  statusText: string;
  /** A download of this job is being retried (more than one attempt, or one is scheduled). */
  retrying: boolean;
  /** Transport calls made by the current download claim (0 without one). */
  attempts: number;
  /** Stage and message of the server, as one line: while the job runs, and where it failed ('' otherwise). */
  detail: string;
  stageText: string;
  error?: ErrorInfo;
  errorText?: string;
  actions: ExportRowActions;
}

const NO_ACTIONS: ExportRowActions = { cancel: false, download: false, downloadAgain: false, dismiss: false };

function phaseOf(job: ExportJob, record: DownloadRecord | undefined): ExportRowPhase {
  if (job.status !== 'completed') return job.status;
  switch (record?.status) {
    case undefined:
      return 'ready';
    case 'claimed':
    case 'downloading':
      return 'downloading';
    case 'done':
      return 'downloaded';
    case 'failed':
      return 'download-failed';
    case 'interrupted':
      return 'download-interrupted';
  }
}

const STATUS_TEXT: Record<ExportRowPhase, keyof ExportTexts> = {
  pending: 'statusPending',
  running: 'statusRunning',
  cancelling: 'statusCancelling',
  cancelled: 'statusCancelled',
  failed: 'statusFailed',
  expired: 'statusExpired',
  ready: 'statusReady',
  downloading: 'statusDownloading',
  downloaded: 'statusDownloaded',
  'download-failed': 'statusDownloadFailed',
  'download-interrupted': 'statusDownloadInterrupted',
};

/**
 * @example
 * const view = describeJob(job, record, defaultExportTexts)
 * view.statusText // 'Downloading…' while the browser gets the file, 'Downloaded' after
 */
export function describeJob(job: ExportJob, record: DownloadRecord | undefined, texts: ExportTexts): ExportRowView {
  const phase = phaseOf(job, record);
  const attempts = record?.attempts ?? 0;
  const downloadActive = phase === 'downloading';
  const retrying = downloadActive && (attempts > 1 || record?.retryAt !== undefined);
  const label = job.label?.trim() || job.fileName || texts.untitled;

  let statusText = texts[STATUS_TEXT[phase]] as string;
  // Words that claim no more than is known (docs/design.md#delivery).
  if (phase === 'downloaded' && record?.confirmed === false) statusText = texts.statusSentToBrowser;
  if (phase === 'download-interrupted' && record?.handover === 'handedOver') statusText = texts.statusStartedBeforeReload;
  if (retrying) statusText = `${statusText} (${texts.retrying})`;
  else if (phase === 'downloaded' && attempts > 1) statusText = `${statusText} (${texts.attempts(attempts)})`;

  const stageText = job.stage ? texts.stage(job.stage) : '';
  // The server's stage line matters while it works, and where it failed; after that it is noise.
  const showDetail = !isTerminalStatus(job.status) || job.status === 'failed';
  const detail = showDetail ? [stageText, job.message].filter(Boolean).join(' · ') : '';

  let error: ErrorInfo | undefined;
  if (phase === 'failed' || phase === 'expired') error = job.error;
  else if (phase === 'download-failed' || phase === 'download-interrupted' || retrying) error = record?.error;
  else if (job.status === 'running' && job.error) error = job.error;

  const actions: ExportRowActions = { ...NO_ACTIONS };
  if (job.status === 'pending' || job.status === 'running') actions.cancel = true;
  if (phase === 'ready') actions.download = true;
  if (phase === 'downloaded' || phase === 'download-failed' || phase === 'download-interrupted') actions.downloadAgain = true;
  if (isTerminalStatus(job.status)) actions.dismiss = true;

  const view: ExportRowView = { phase, label, statusText, retrying, attempts, detail, stageText, actions };
  if (error) {
    view.error = error;
    view.errorText = errorText(error, texts);
  }
  return view;
}
