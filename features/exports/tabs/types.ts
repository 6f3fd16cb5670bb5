/**
 * The public shapes of cross-tab coordination (docs/design.md#tabs): the
 * `TabCoordinator` the listeners use, what it tells them (`TabResult`,
 * `SharedJobEvent`), what they tell it (`OwnerOutcome`), and the browser
 * parts it runs on (`LockManagerLike`, `SyncStorageLike`, `ChannelLike`),
 * injectable through `TabCoordinatorOptions`. Types only: no code.
 */
import type { ExportJob, JobSnapshot } from '../model/types';

/** The part of `navigator.locks` used here. */
export interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

/** A synchronous, shared storage: `localStorage`. */
export interface SyncStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The part of `BroadcastChannel` used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener?(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/**
 * News about the list of jobs, from one tab to the others: a job this tab
 * added (as it is in its state), one the user asked to cancel here (so no
 * tab downloads it automatically if the server finishes it anyway), or one
 * the user dismissed here.
 */
export type SharedJobEvent =
  | { type: 'added'; job: ExportJob }
  | { type: 'cancelRequested'; id: string }
  | { type: 'dismissed'; id: string };

/** How the owning tab's download of a job ended, as written to the ledger. */
export type OwnerOutcome = 'done' | 'failed' | 'stopped';
/**
 * `exclusive`'s answer: this tab ran the download; or another did and it
 * ended so; or this tab could not record that it owns the download
 * (`unrecorded`: the ledger's storage refused the write), so it must not
 * download automatically, or another tab would too.
 */
export type TabResult = { ran: true } | { ran: false; status: 'done' | 'failed' | 'interrupted' | 'unrecorded' };

/**
 * What `exclusive` gives the download it runs (a coordinator of your own may
 * leave it out): a way to write the handover to the ledger before the file
 * reaches the user, and, when this tab takes over a download whose owner
 * died mid-way (its tab reloaded or closed), what that owner had written:
 * `handedOver` with the delivery its link named, or not yet (nothing
 * reached the user). docs/design.md#across-tabs.
 */
export interface DownloadOwner {
  handedOver(deliveryId?: string): void;
  adopted?: { handedOver: boolean; deliveryId?: string };
}

/**
 * What the listeners need from the app's tabs (`createExportsStore` makes
 * one with `browserTabCoordinator`; pass your own through the `tabs` option).
 */
export interface TabCoordinator {
  /**
   * Runs `download` if this claim owns the job's automatic download across
   * tabs, once that is recorded where the other tabs look; else waits for
   * the owner and says how its download ended.
   */
  exclusive(
    jobId: string,
    claimId: string,
    options: { resume: boolean; signal: AbortSignal },
    download: (owner?: DownloadOwner) => Promise<OwnerOutcome>,
  ): Promise<TabResult>;
  /**
   * Watches a job from one tab for all: runs `watch` while this tab leads
   * (it publishes what it learns), and meanwhile hands what the leading
   * tab publishes to `follow`. Absent where there is no channel.
   */
  lead?(
    jobId: string,
    signal: AbortSignal,
    watch: (signal: AbortSignal, publish: (snapshot: JobSnapshot) => void) => Promise<void>,
    follow: (snapshot: JobSnapshot) => void,
  ): Promise<void>;
  /**
   * Tells the other tabs about a job added, cancelled or dismissed in this one. Never
   * delivered back to this tab. Absent where there is no channel.
   */
  share?(event: SharedJobEvent): void;
  /**
   * Hands what other tabs `share` to `listener` until the returned function
   * is called. News that came while nobody listened (a store not yet
   * rehydrated) is held, the last of each kind per job, and handed to the
   * next listener first. Absent where there is no channel.
   */
  onShared?(listener: (event: SharedJobEvent) => void): () => void;
  /** Closes the channel (a store's `dispose` calls it). */
  close?(): void;
}

/** Options of `createTabCoordinator`: the browser parts it runs on, injectable for tests. */
export interface TabCoordinatorOptions {
  locks: LockManagerLike;
  storage: SyncStorageLike;
  /** Ledger key and lock-name prefix. @default 'redux-export-jobs' */
  key?: string;
  /** Ledger entries older than this are dropped. @default 24 h */
  ttlMs?: number;
  now?: () => number;
  /** Opens the channel the tabs share job news on; without it each tab watches for itself. */
  channel?: (name: string) => ChannelLike;
}
