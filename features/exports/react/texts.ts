/**
 * Every word the React components show, in one replaceable object.
 *
 * Pass a partial override as the `texts` prop of `<ExportProgressPanel>` or
 * `<ExportButton>` (or to `mergeExportTexts`): strings replace strings,
 * functions build the words that depend on a job, and `errors` is merged
 * code by code.
 *
 * @example
 * <ExportProgressPanel scope="p1" texts={{ title: 'Exporte', cancel: 'Abbrechen', errors: { gone: 'Abgelaufen' } }} />
 */
import type { ErrorInfo } from '../model/types';

/** Every word the components show; override any part through their `texts` prop. */
export interface ExportTexts {
  /** Heading of the panel. */
  title: string;
  /** Shown when the panel has no jobs. */
  empty: string;
  /** Name of a job that has no label. */
  untitled: string;

  // --- statuses (announced politely, never before they are true) ---
  statusPending: string;
  statusRunning: string;
  statusCancelling: string;
  statusCancelled: string;
  statusFailed: string;
  statusExpired: string;
  /** Completed on the server, no client download yet (auto-download off, or before it was claimed). */
  statusReady: string;
  /** The client is handing the file to the browser, or waiting for the server's receipt that it arrived. */
  statusDownloading: string;
  /** The file arrived: the server's receipt says so, or the page saved every byte itself. */
  statusDownloaded: string;
  /** Handed to the browser by a backend without receipts: nothing more is known. */
  statusSentToBrowser: string;
  statusDownloadFailed: string;
  /** A reload cut the download short and nobody can say whether the file arrived. */
  statusDownloadInterrupted: string;
  /** The same, for a file the page had handed to the browser (a backend without receipts). */
  statusStartedBeforeReload: string;
  /** Added to the status while a download is being retried. */
  retrying: string;
  /** Shown when a download needed more than one attempt. */
  attempts: (attempts: number) => string;

  // --- actions: visible text, and accessible names that include the job label ---
  cancel: string;
  download: string;
  downloadAgain: string;
  dismiss: string;
  cancelLabel: (label: string) => string;
  downloadLabel: (label: string) => string;
  downloadAgainLabel: (label: string) => string;
  dismissLabel: (label: string) => string;

  // --- progress ---
  /** Accessible name of a progress bar. */
  progressLabel: (label: string) => string;
  /** A server stage name, as shown (`packing` → `Packing`). Never the client's download. */
  stage: (stage: string) => string;
  /** `aria-valuetext` of a progress bar. */
  progressValue: (progress: number, stage?: string) => string;
  warningsTitle: string;

  // --- the start button ---
  start: string;
  starting: string;
  /** Announced once the server accepted the export (not that it is done). */
  started: (label: string) => string;

  /** Words for users, by error code. Unknown codes use `errors.unknown`. */
  errors: Record<string, string>;
}

/** The English defaults. */
export const defaultExportTexts: ExportTexts = {
  title: 'Exports',
  empty: 'No exports yet.',
  untitled: 'Export',

  statusPending: 'Waiting to start…',
  statusRunning: 'Exporting…',
  statusCancelling: 'Cancelling…',
  statusCancelled: 'Cancelled',
  statusFailed: 'Export failed',
  statusExpired: 'Expired',
  statusReady: 'Ready to download',
  statusDownloading: 'Downloading…',
  statusDownloaded: 'Downloaded',
  statusSentToBrowser: 'Sent to your browser',
  statusDownloadFailed: 'Download failed',
  statusDownloadInterrupted: 'Download interrupted',
  statusStartedBeforeReload: 'Started before the page reloaded',
  retrying: 'retrying',
  attempts: (n) => `after ${n} attempts`,

  cancel: 'Cancel',
  download: 'Download',
  downloadAgain: 'Download again',
  dismiss: 'Dismiss',
  cancelLabel: (label) => `Cancel ${label}`,
  downloadLabel: (label) => `Download ${label}`,
  downloadAgainLabel: (label) => `Download ${label} again`,
  dismissLabel: (label) => `Dismiss ${label}`,

  progressLabel: (label) => `Progress of ${label}`,
  stage: (stage) => (stage ? stage.charAt(0).toUpperCase() + stage.slice(1).replace(/[_-]+/g, ' ') : ''),
  progressValue: (progress, stage) => `${Math.round(progress)}%${stage ? `, ${stage}` : ''}`,
  warningsTitle: 'Warnings',

  start: 'Export',
  starting: 'Starting…',
  started: (label) => `${label} started`,

  errors: {
    unauthorized: 'Your session has expired. Sign in again, then try again.',
    forbidden: 'You do not have permission to get this export.',
    not_found: 'The server no longer knows this export.',
    gone: 'This export has expired on the server. Start a new one.',
    conflict: 'The file is not ready yet.',
    rate_limited: 'Too many exports are running. Wait a moment, then try again.',
    server_error: 'The server had a problem. Try again in a moment.',
    network: 'The server could not be reached. Check your connection.',
    timeout: 'The server took too long to answer.',
    aborted: 'The download was stopped.',
    export_failed: 'The server could not build this export.',
    invalid_response: 'The server sent an answer that could not be read.',
    bad_request: 'The server did not accept these export options.',
    too_large: 'This export is too large.',
    not_registered: 'Exports are not set up in this app.',
    not_saved: 'This browser could not save the download, so it was not started on its own. Download it by hand.',
    other_tab: 'The download failed in another tab of this app. Download it again here.',
    record_unreadable: 'What this browser saved about this download could not be read, so it was not repeated. Download it by hand if you need it.',
    unsupported: 'This page cannot hand the file to the browser.',
    http_error: 'The server refused the request.',
    not_delivered: 'The file did not reach your browser.',
    start_expired: 'This export was started too long ago to be sent again after the reload. Start it again.',
    unknown: 'Something went wrong.',
  },
};

/** Fills a partial override with the defaults; `errors` is merged code by code. */
export function mergeExportTexts(overrides?: Partial<ExportTexts>, base: ExportTexts = defaultExportTexts): ExportTexts {
  if (!overrides) return base;
  return { ...base, ...overrides, errors: { ...base.errors, ...overrides.errors } };
}

/** The words for an error: by its code, else the generic ones. Never a stack or a raw body. */
export function errorText(error: ErrorInfo | undefined, texts: ExportTexts = defaultExportTexts): string | undefined {
  if (!error) return undefined;
  return texts.errors[error.code] ?? texts.errors.unknown ?? defaultExportTexts.errors.unknown;
}
