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
 */

/** The part of `navigator.locks` used here. */
export interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

/** A synchronous, shared storage: `localStorage`. */
export interface SyncStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
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

  return {
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
    return createTabCoordinator({ locks: nav.locks, storage, key });
  } catch {
    return undefined;
  }
}
