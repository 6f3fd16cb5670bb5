/**
 * The public data shapes of redux-export-jobs: jobs, download records, the
 * transport contract and the events a transport reports.
 *
 * Everything here is plain, serializable data (invariant 7): no blobs,
 * functions, tokens or signed URLs ever reach state, actions or storage.
 */
import type { EntityState } from '@reduxjs/toolkit';

/** Where a server-side export is in its life. */
export type JobStatus =
  | 'pending'
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelling'
  | 'cancelled'
  | 'expired';

/** The statuses a job never leaves on a late event (invariant 4). */
export type TerminalJobStatus = Extract<JobStatus, 'completed' | 'failed' | 'cancelled' | 'expired'>;

/** A typed error, as it is kept in state: a stable `code` and words for people. */
export interface ErrorInfo {
  /** Stable, machine-readable: `unauthorized`, `server_error`, `network`, `timeout`... */
  code: string;
  message: string;
}

/** One export as the client knows it. */
export interface ExportJob {
  /** The server's job id. */
  id: string;
  /** What the export belongs to, e.g. a project id. */
  scope: string | null;
  /** Shown to the user. */
  label?: string;
  status: JobStatus;
  /** 0..100, never goes backwards. */
  progress: number;
  /** The server's phase name (e.g. `packing`). Never confused with the client's own download. */
  stage?: string;
  message?: string;
  fileName?: string;
  size?: number;
  warnings: string[];
  /** Whether the finished file is downloaded automatically (once). */
  autoDownload: boolean;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
  error?: ErrorInfo;
  /**
   * `'server'`: this browser did not start the job; it came from the
   * server's export history (`ExportTransport.list`). Such a job is watched
   * while it runs and never downloaded automatically: it offers "Download".
   * Absent for jobs started here.
   */
  origin?: 'server';
}

/** A job as a server reports it: the client-only fields left out. */
export type JobSnapshot = Omit<ExportJob, 'autoDownload' | 'warnings' | 'createdAt' | 'updatedAt' | 'origin'> & {
  warnings?: string[];
  createdAt?: number;
  updatedAt?: number;
  /**
   * A transport's hint, never stored: ask `getStatus` again no sooner than
   * this (a 202's `Retry-After`). The engine waits at least its poll
   * interval and at most `pollMaxIntervalMs`.
   */
  retryAfterMs?: number;
};

/** The client's own download of a finished job. */
export type DownloadStatus = 'claimed' | 'downloading' | 'done' | 'failed' | 'interrupted';

/** Who asked for a download: the listener on completion, or a user's click. */
export type DownloadTrigger = 'auto' | 'manual';

/** The download record of one job, kept in `downloadedJobIds[jobId]`. */
export interface DownloadRecord {
  status: DownloadStatus;
  /** Unique per claim; only the effect that made the claim runs its download. */
  claimId: string;
  trigger: DownloadTrigger;
  claimedAt: number;
  /** Transport calls made inside this claim. */
  attempts: number;
  settledAt?: number;
  /** When the next automatic retry inside this claim is due, if one is. */
  retryAt?: number;
  error?: ErrorInfo;
  /**
   * Where the current attempt is: `preparing` until the file is handed to
   * the user (the link clicked, the blob saved), `handedOver` from then on.
   * Written to storage before the handover, so a reload knows whether
   * anything reached the user (docs/design.md#delivery). Absent in records
   * written by versions before 0.2.
   */
  handover?: 'preparing' | 'handedOver';
  /** The delivery the handed-over link names, when the server keeps receipts (`ExportTransport.getDelivery`). */
  deliveryId?: string;
  /**
   * On a `done` record: `true` when the file is known to have arrived (the
   * server's receipt says every byte was sent, or the page read every byte
   * and saved the file itself); `false` when it was handed to the browser
   * and nothing more can be known ("Sent to your browser").
   */
  confirmed?: boolean;
}

/** What the server knows about one delivery (one download link): fetched, every byte sent, or cut off. */
export type DeliveryStatus = 'requested' | 'completed' | 'aborted';

/** A delivery receipt, as `ExportTransport.getDelivery` reports it. */
export interface DeliveryReceipt {
  /** The delivery id the link named. */
  id: string;
  status: DeliveryStatus;
}

/**
 * How `ExportTransport.download` ended on its side. Returning nothing means
 * `{ delivery: 'handedOver' }`: handed to the browser, arrival unknown.
 */
export interface DownloadResult {
  /**
   * `saved`: the page read every byte and saved the file itself (blob
   * mode): it arrived. `handedOver`: a link went to the browser, which
   * fetches it on its own.
   */
  delivery: 'saved' | 'handedOver';
  /** The delivery the link names, when the server keeps receipts: the engine asks `getDelivery` about it. */
  deliveryId?: string;
}

/** The `exports` slice. */
export interface ExportsState {
  jobs: EntityState<ExportJob, string>;
  /**
   * The download record of each job, keyed by job id. Despite its name
   * (kept from the first contract, which users' code and stored state
   * already use), it holds records, not ids: a record exists from the
   * first claim on, and is never removed while its job exists
   * (docs/design.md#state).
   */
  downloadedJobIds: Record<string, DownloadRecord>;
  /**
   * Starts sent but not answered yet, by idempotency key: a reload resends
   * them with the same key, so no export is lost and none is made twice
   * (docs/failure-modes.md row 17). Absent in state made before it existed.
   */
  pendingStarts?: Record<string, PendingStart>;
  /**
   * Tombstones: when each job was dismissed, by job id. A dismissed job is
   * never added again, and a tab's storage write drops it whatever another
   * tab still holds (docs/design.md#tabs). Kept for `ttlMs`, at most
   * `MAX_TOMBSTONES`. Absent in state made before it existed.
   */
  dismissedJobIds?: Record<string, number>;
}

/** A root state that holds the exports slice at its fixed reducer path. */
export interface ExportsRootState {
  exports: ExportsState;
}

/** What a push channel reports about one job. */
export interface JobEvent {
  type: 'progress' | 'completed' | 'failed' | 'cancelled' | 'expired';
  job: JobSnapshot;
  /** The channel's event id, when it numbers its events (SSE `id:`). */
  eventId?: string;
}

/** What `startExport` sends to the server. */
export interface StartExportRequest {
  scope: string | null;
  params?: unknown;
  fileName?: string;
  /**
   * Made by the engine and stored before the request goes out; sent as the
   * `Idempotency-Key` header. A start cut by a reload is sent again with the
   * same key when the page comes back, and the server answers the same job
   * (docs/design.md#http-api). A transport that cannot send it may ignore it.
   */
  idempotencyKey?: string;
}

/** A start on its way to the server, kept (and persisted) until its answer is applied. */
export interface PendingStart {
  /** The idempotency key, also the key of `pendingStarts`. */
  key: string;
  request: StartExportRequest;
  label?: string;
  autoDownload: boolean;
  /** When the start was first sent (client clock). */
  sentAt: number;
}

/** Options of `ExportTransport.download`. */
export interface DownloadOptions {
  signal: AbortSignal;
  /** Bytes handed over so far, and the total when the server said it. */
  onProgress?(loaded: number, total?: number): void;
  /**
   * Call it, and await it, right before the file reaches the user (the
   * link is clicked, the blob is saved), with the delivery id the link
   * names if there is one. The engine writes the handover to storage first,
   * so a reload knows whether anything reached the user. It rejects when
   * the download must not go on (stopped, or the handover could not be
   * saved): then do not hand the file over. A transport that never calls
   * it still works; the engine then learns of the handover when `download`
   * resolves.
   */
  beforeHandover?(deliveryId?: string): Promise<void>;
}

/**
 * How the feature talks to a server. `createHttpTransport` speaks the
 * reference HTTP API; `createMemoryTransport` (from `redux-export-jobs/testing`)
 * is a scriptable in-memory server for tests.
 *
 * Every method takes an `AbortSignal` and must stop its work when it aborts.
 * Failures should be thrown as `ExportError`s (see `errors/`) so that the
 * retry policy can tell a 401 from a 503. Answers are untrusted: the engine
 * checks every job snapshot once, at its edge (`shapes/parseJobSnapshot.ts`),
 * so a transport may hand the server's JSON through as it came.
 */
export interface ExportTransport {
  start(req: StartExportRequest, signal: AbortSignal): Promise<JobSnapshot>;
  /**
   * `job` is what the engine knows of the job (its scope), for backends
   * whose routes need more than the id (`/projects/{scope}/export/{jobId}`).
   * The engine always passes it; a transport may ignore it.
   */
  getStatus(id: string, signal: AbortSignal, job?: JobRef): Promise<JobSnapshot>;
  cancel(id: string, signal: AbortSignal, job?: JobRef): Promise<JobSnapshot>;
  /**
   * Hands the finished file to the browser (signed link) or saves a blob.
   * Say how it ended (`DownloadResult`): a saved blob arrived; a link that
   * names a delivery is confirmed by `getDelivery`; anything else is only
   * known to be handed over.
   */
  download(job: ExportJob, opts: DownloadOptions): Promise<DownloadResult | void>;
  /**
   * Optional delivery receipts: what the server knows about the delivery
   * `deliveryId` of job `jobId`, or `null` when the link was never fetched.
   * Without it (most foreign backends), link downloads are reported as
   * "sent to your browser", never as confirmed (docs/design.md#delivery).
   */
  getDelivery?(jobId: string, deliveryId: string, signal: AbortSignal): Promise<DeliveryReceipt | null>;
  /**
   * Optional push channel (SSE, WebSocket). Report events until `signal`
   * aborts. Return a promise to say when the channel is done: once it
   * settles (the channel gave up, say after failed reconnects) the engine
   * polls `getStatus` for whatever is left; returning nothing means "push
   * until aborted". Without `subscribe` the engine polls from the start.
   */
  subscribe?(id: string, onEvent: (e: JobEvent) => void, signal: AbortSignal): void | Promise<void>;
  /**
   * Optional export history: the jobs the server knows for `scope`
   * (started on another device, or before storage was cleared). The engine
   * asks on `historyRequested({ scope })`; jobs it does not know yet are
   * added with `origin: 'server'`, watched while they run, and never
   * downloaded automatically (docs/design.md#export-history).
   */
  list?(scope: string | null, signal: AbortSignal): Promise<JobSnapshot[]>;
}

/** What the engine tells a transport about a job besides its id. */
export interface JobRef {
  id: string;
  scope: string | null;
}
