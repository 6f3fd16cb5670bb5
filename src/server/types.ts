import type { ExportJob, JobStatus } from '../../features/exports/model/types';

/** The named stages a job runs through, in order. */
export const STAGES = ['queued', 'collecting', 'writing', 'packing'] as const;
export type StageName = (typeof STAGES)[number];

/**
 * A job as the HTTP API shows it: the contract's ExportJob minus the
 * client-only `autoDownload`. Never carries server paths or client ids.
 */
export type JobView = Omit<ExportJob, 'autoDownload'> & {
  /** Receipts of the signed links that were used, newest last (see `deliveries.ts`). */
  deliveries?: Delivery[];
};

/**
 * What the server knows about one signed link (one delivery): `requested`
 * (a request with its valid token arrived), `completed` (every byte of the
 * answer was written and the response finished), `aborted` (the client went
 * away before the end, or the file could not be read). A retry on the same
 * link moves it back to `requested`.
 */
export type DeliveryStatus = 'requested' | 'completed' | 'aborted';
export interface Delivery {
  id: string;
  status: DeliveryStatus;
  requestedAt: number;
  settledAt?: number;
  /** Body bytes handed to the connection (set when settled). */
  bytesSent?: number;
}

/** What the reference worker understands in `params` (everything else is ignored, with a warning). */
export interface ExportParams {
  /** Target payload size in bytes (uncompressed CSV). */
  size: number;
  /** Deflate the CSV inside the ZIP (default true); `false` makes the ZIP about `size` bytes. */
  compress: boolean;
  /** Makes the job fail at this stage: for demos and tests of the failure path. */
  failAt?: StageName;
}

/** A job as the server keeps it. Internal fields never leave the server. */
export interface ServerJob extends JobView {
  /** Who started it (the `clientIdentity` hook; by default the remote address): for the per-client limits only. */
  clientId: string;
  params: ExportParams;
  /** Strong validator of the finished file. */
  etag?: string;
  /** When a finished job and its file are deleted (then 410). */
  deleteAt?: number;
  deliveries?: StoredDelivery[];
}

/** A receipt as the server keeps it: `attempt` counts the requests made with its link (internal). */
export interface StoredDelivery extends Delivery {
  attempt: number;
}

export type ServerEventType = 'progress' | 'completed' | 'failed' | 'cancelled' | 'delivery';

/** One numbered event of a job's stream; `id` grows by one per event, per job. */
export interface StoredEvent {
  id: number;
  type: ServerEventType;
  job: JobView;
}

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled', 'expired']);
export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set(['pending', 'running', 'cancelling']);

/** The public view of a server job: an allow-list, so new internal fields never leak. */
export function toJobView(job: ServerJob): JobView {
  const view: JobView = {
    id: job.id,
    scope: job.scope,
    status: job.status,
    progress: job.progress,
    warnings: [...job.warnings],
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
  if (job.label !== undefined) view.label = job.label;
  if (job.stage !== undefined) view.stage = job.stage;
  if (job.message !== undefined) view.message = job.message;
  if (job.fileName !== undefined) view.fileName = job.fileName;
  if (job.size !== undefined) view.size = job.size;
  if (job.completedAt !== undefined) view.completedAt = job.completedAt;
  if (job.error !== undefined) view.error = { code: job.error.code, message: job.error.message };
  view.deliveries = (job.deliveries ?? []).map((d) => {
    const out: Delivery = { id: d.id, status: d.status, requestedAt: d.requestedAt };
    if (d.settledAt !== undefined) out.settledAt = d.settledAt;
    if (d.bytesSent !== undefined) out.bytesSent = d.bytesSent;
    return out;
  });
  return view;
}
