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
 */
import type { JobSnapshot } from '../types';

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
  close(): void;
}

export type OwnerOutcome = 'done' | 'failed' | 'stopped';
export type TabResult = { ran: true } | { ran: false; status: 'done' | 'failed' | 'interrupted' };

export interface TabCoordinator {
  /**
   * Runs `download` if this claim owns the job's automatic download across
   * tabs; else waits for the owner and says how its download ended.
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
  /** Closes the channel (a store's `dispose` calls it). */
  close?(): void;
}

interface LedgerEntry {
  claimId: string;
  status: 'downloading' | OwnerOutcome;
  at: number;
}

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

export function createTabCoordinator(options: TabCoordinatorOptions): TabCoordinator {
  const key = `${options.key ?? 'redux-export-jobs'}:downloads`;
  const ttlMs = options.ttlMs ?? 24 * 60 * 60_000;
  const now = options.now ?? Date.now;

  const read = (): Record<string, LedgerEntry> => {
    try {
      const parsed: unknown = JSON.parse(options.storage.getItem(key) ?? '{}');
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, LedgerEntry>) : {};
    } catch {
      return {};
    }
  };
  const write = (jobId: string, entry: LedgerEntry): void => {
    const ledger = read();
    const fresh: Record<string, LedgerEntry> = {};
    for (const [id, value] of Object.entries(ledger)) {
      if (id !== '__proto__' && typeof value?.at === 'number' && now() - value.at < ttlMs) fresh[id] = value;
    }
    fresh[jobId] = entry;
    try {
      options.storage.setItem(key, JSON.stringify(fresh));
    } catch {
      /* a full or disabled storage: this tab still runs its own claim */
    }
  };

  let channel: ChannelLike | undefined;
  const followers = new Map<string, Set<(snapshot: JobSnapshot) => void>>();
  const openChannel = (): ChannelLike | undefined => {
    if (channel || !options.channel) return channel;
    channel = options.channel(`${key}:jobs`);
    (channel as { unref?: () => void }).unref?.();
    channel.addEventListener('message', (event) => {
      const data = event.data as { jobId?: unknown; snapshot?: JobSnapshot } | null;
      if (typeof data?.jobId !== 'string' || !data.snapshot) return;
      for (const follow of followers.get(data.jobId) ?? []) follow(data.snapshot);
    });
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

  return {
    lead: options.channel ? lead : undefined,
    close: () => {
      channel?.close();
      channel = undefined;
      followers.clear();
    },
    exclusive: (jobId, claimId, { resume, signal }, download) =>
      options.locks.request(`${key}:${jobId}`, { signal }, async (): Promise<TabResult> => {
        const entry = read()[jobId];
        const ownerDied = entry?.status === 'downloading'; // we hold the lock: its owner is gone
        if (entry && entry.claimId !== claimId && !(ownerDied && resume)) {
          return { ran: false, status: entry.status === 'done' || entry.status === 'failed' ? entry.status : 'interrupted' };
        }
        write(jobId, { claimId, status: 'downloading', at: now() });
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

/** The browser's lock manager and localStorage, when this page has both. */
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
