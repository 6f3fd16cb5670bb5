/**
 * Cross-tab coordination of automatic downloads (invariant 1 across tabs).
 *
 * Every tab of the app watches the same jobs; each would claim a finished
 * job in its own store. Before an automatic download runs, its tab takes a
 * Web Lock named after the job and, holding it, reads a small ledger in
 * localStorage: the first claim written there owns the job. The owner runs
 * its download while still holding the lock, and writes how it ended. A
 * tab that finds another claim waits for the lock, then mirrors the
 * outcome: `done`, `failed`, or `interrupted` when the owner died mid-way
 * (its lock was released by the browser, its ledger entry still says
 * `downloading`). Manual downloads are a click in one tab: not coordinated.
 *
 * Watching is shared too, where the page has a BroadcastChannel: one tab
 * (the holder of the job's monitor lock) polls or subscribes and
 * broadcasts what it learns; the others apply it, and one of them takes
 * over when the leader's tab closes. The server sees one tab's requests.
 *
 * The list of jobs is shared over the same channel: a job added,
 * cancelled or dismissed in one tab is announced (`share`) and applied by the others
 * (`onShared`), so every tab's copy of the slice, the one redux-persist
 * writes to the shared storage, holds the same jobs. The channel opens
 * with the coordinator, and news that comes before the store listens (it
 * listens once rehydrated) is held for it.
 */
import { attempt, readObject } from '../shapes/jsonShape';
import { readPersistedJob } from '../persistence/readPersisted';
import type { ExportJob, JobSnapshot } from '../model/types';

/** News held for a store that does not listen yet: 3 x the default `maxJobs` of each kind. */
const HELD_NEWS_LIMIT = 600;

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
    download: () => Promise<OwnerOutcome>,
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

interface LedgerEntry {
  claimId: string;
  status: 'downloading' | OwnerOutcome;
  at: number;
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

/**
 * A tab coordinator over a lock manager, a synchronous shared storage (the
 * download ledger) and, optionally, a channel (shared watching and the
 * shared job list). See the top of this file for how they combine.
 *
 * @example
 * // what browserTabCoordinator() does
 * createTabCoordinator({ locks: navigator.locks, storage: localStorage, channel: (name) => new BroadcastChannel(name) })
 */
export function createTabCoordinator(options: TabCoordinatorOptions): TabCoordinator {
  const key = `${options.key ?? 'redux-export-jobs'}:downloads`;
  const ttlMs = options.ttlMs ?? 24 * 60 * 60_000;
  const now = options.now ?? Date.now;

  const read = (): Record<string, LedgerEntry> => {
    try {
      return (attempt(readObject, JSON.parse(options.storage.getItem(key) ?? '{}')) ?? {}) as Record<string, LedgerEntry>;
    } catch {
      return {};
    }
  };
  /** Writes one entry, dropping stale ones; false when the storage refused it. */
  const write = (jobId: string, entry: LedgerEntry): boolean => {
    const ledger = read();
    const fresh: Record<string, LedgerEntry> = {};
    for (const [id, value] of Object.entries(ledger)) {
      if (id !== '__proto__' && typeof value?.at === 'number' && now() - value.at < ttlMs) fresh[id] = value;
    }
    fresh[jobId] = entry;
    try {
      options.storage.setItem(key, JSON.stringify(fresh));
      return true;
    } catch {
      return false; // a full or disabled storage
    }
  };

  let channel: ChannelLike | undefined;
  let closed = false;
  const followers = new Map<string, Set<(snapshot: JobSnapshot) => void>>();
  const sharedListeners = new Set<(event: SharedJobEvent) => void>();
  /** News that came while nobody listened: the last of each kind per job, oldest first, bounded. */
  const held = new Map<string, SharedJobEvent>();
  const hold = (event: SharedJobEvent): void => {
    const slot = `${event.type}:${event.type === 'added' ? event.job.id : event.id}`; // a cancel must not replace its job
    held.delete(slot);
    held.set(slot, event);
    if (held.size > HELD_NEWS_LIMIT) held.delete(held.keys().next().value as string);
  };
  const onMessage = (event: { data: unknown }): void => {
    const data = event.data as { jobId?: unknown; snapshot?: JobSnapshot; shared?: unknown } | null;
    if (typeof data !== 'object' || data === null) return;
    if (typeof data.jobId === 'string' && data.snapshot) {
      for (const follow of followers.get(data.jobId) ?? []) follow(data.snapshot);
      return;
    }
    const shared = asSharedJobEvent(data.shared);
    if (!shared) return;
    if (sharedListeners.size === 0) hold(shared);
    for (const listener of [...sharedListeners]) listener(shared);
  };
  const openChannel = (): ChannelLike | undefined => {
    if (channel || closed || !options.channel) return channel;
    channel = options.channel(`${key}:jobs`);
    (channel as { unref?: () => void }).unref?.();
    channel.addEventListener('message', onMessage);
    return channel;
  };

  const lead: TabCoordinator['lead'] = async (jobId, signal, watch, follow) => {
    const open = openChannel();
    if (!open) return watch(signal, () => undefined);
    const set = followers.get(jobId) ?? new Set();
    followers.set(jobId, set);
    set.add(follow);
    try {
      await options.locks.request(`${key}:monitor:${jobId}`, { signal }, async () => {
        set.delete(follow); // the leader learns first hand
        await watch(signal, (snapshot) => open.postMessage({ jobId, snapshot }));
      });
    } finally {
      set.delete(follow);
      if (set.size === 0) followers.delete(jobId);
    }
  };

  const share: TabCoordinator['share'] = (event) => {
    try {
      openChannel()?.postMessage({ shared: event });
    } catch {
      /* a closed channel or an uncloneable value: the other tabs learn it from storage on reload */
    }
  };

  const onShared: TabCoordinator['onShared'] = (listener) => {
    openChannel();
    sharedListeners.add(listener);
    const early = [...held.values()];
    held.clear();
    for (const event of early) listener(event);
    return () => void sharedListeners.delete(listener);
  };

  openChannel(); // now: the news of the other tabs is held until the store listens

  return {
    lead: options.channel ? lead : undefined,
    share: options.channel ? share : undefined,
    onShared: options.channel ? onShared : undefined,
    close: () => {
      closed = true;
      channel?.removeEventListener?.('message', onMessage);
      channel?.close();
      channel = undefined;
      followers.clear();
      sharedListeners.clear();
      held.clear();
    },
    exclusive: (jobId, claimId, { resume, signal }, download) =>
      options.locks.request(`${key}:${jobId}`, { signal }, async (): Promise<TabResult> => {
        const entry = read()[jobId];
        const ownerDied = entry?.status === 'downloading'; // we hold the lock: its owner is gone
        if (entry && entry.claimId !== claimId && !(ownerDied && resume)) {
          return { ran: false, status: entry.status === 'done' || entry.status === 'failed' ? entry.status : 'interrupted' };
        }
        // Unrecorded, a claim is invisible to the tabs waiting for this lock: each would download too.
        if (!write(jobId, { claimId, status: 'downloading', at: now() })) return { ran: false, status: 'unrecorded' };
        let outcome: OwnerOutcome = 'stopped';
        try {
          outcome = await download();
        } finally {
          write(jobId, { claimId, status: outcome, at: now() });
        }
        return { ran: true };
      }),
  };
}

/** A well-formed `SharedJobEvent` from another tab, or `undefined` for anything else. */
function asSharedJobEvent(value: unknown): SharedJobEvent | undefined {
  const event: { type?: unknown; id?: unknown; job?: unknown } | undefined = attempt(readObject, value);
  if (!event) return undefined;
  if ((event.type === 'dismissed' || event.type === 'cancelRequested') && typeof event.id === 'string') {
    return { type: event.type, id: event.id };
  }
  if (event.type === 'added') {
    // Another tab may run another version of the app: its job is checked like a stored one.
    const job = attempt(readPersistedJob, event.job);
    if (job) return { type: 'added', job };
  }
  return undefined;
}

/**
 * A coordinator over the browser's Web Locks, localStorage and (where there
 * is one) BroadcastChannel; `undefined` where the page lacks locks or
 * localStorage (the listeners then run each tab on its own). Its channel
 * opens at once, so that news from other tabs is held until the store
 * listens; `close()` shuts it (`createExportsStore`'s `dispose` does).
 *
 * @example
 * // an app with its own store
 * import { browserTabCoordinator } from 'redux-export-jobs/store';
 * registerExportsListeners(startAppListening, { transport, tabs: browserTabCoordinator() });
 */
export function browserTabCoordinator(key?: string): TabCoordinator | undefined {
  try {
    const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
    const storage = (globalThis as { localStorage?: SyncStorageLike }).localStorage;
    if (!nav?.locks || !storage) return undefined;
    const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
    return createTabCoordinator({ locks: nav.locks, storage, key, channel: Channel ? (name) => new Channel(name) : undefined });
  } catch {
    return undefined;
  }
}
