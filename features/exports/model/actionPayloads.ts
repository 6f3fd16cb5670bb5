/**
 * The payloads of the slice's events (docs/design.md#actions). Every event
 * carries `at`, the client's clock when it was seen.
 */
import type { DownloadTrigger, ErrorInfo, JobSnapshot } from './types';

/** `at` is the client's clock when the event was seen; it defaults to `Date.now()`. */
export interface Timed {
  at?: number;
}

/** A job to start tracking: what the server said, plus the client's choices. */
export type JobAddedPayload = Partial<JobSnapshot> & Pick<JobSnapshot, 'id'> & Timed & {
  /** Download the file once, automatically, when the job completes. @default true */
  autoDownload?: boolean;
  /** `'server'`: listed by the server's history, not started here (`ExportJob.origin`). */
  origin?: 'server';
};
export interface JobProgressedPayload extends Timed {
  id: string;
  progress?: number;
  stage?: string;
  message?: string;
  status?: 'pending' | 'running';
}
export interface JobCompletedPayload extends Timed {
  id: string;
  fileName?: string;
  size?: number;
  warnings?: string[];
  completedAt?: number;
}
export interface JobFailedPayload extends Timed {
  id: string;
  error: ErrorInfo;
}
export interface JobIdPayload extends Timed {
  id: string;
}
export interface CancelFailedPayload extends Timed {
  id: string;
  error: ErrorInfo;
}
export interface DownloadClaimedPayload extends Timed {
  id: string;
  claimId: string;
  trigger: DownloadTrigger;
  /** Take over an `interrupted` record (after a reload), keeping its attempt count. */
  resume?: boolean;
  /** The attempt budget a resume must stay within. */
  maxAttempts?: number;
}
export interface DownloadStepPayload extends Timed {
  id: string;
  claimId: string;
}
export interface DownloadHandedOverPayload extends DownloadStepPayload {
  /** The delivery the handed-over link names, when the server keeps receipts. */
  deliveryId?: string;
}
export interface DownloadSucceededPayload extends DownloadStepPayload {
  /** Whether the file is known to have arrived (a receipt, or a blob the page saved). @default true */
  confirmed?: boolean;
}
export interface DownloadFailedPayload extends DownloadStepPayload {
  error: ErrorInfo;
  /** When set, the claim keeps going: another attempt is due at this time. */
  retryAt?: number;
}
export interface DownloadSettledElsewherePayload extends DownloadStepPayload {
  /** How the download of the tab that owned it ended (`interrupted`: that tab closed mid-way). */
  status: 'done' | 'failed' | 'interrupted';
}
export interface JobsPrunedPayload {
  ids: string[];
}
