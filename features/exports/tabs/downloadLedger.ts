/**
 * The download ledger (docs/design.md#tabs): who owns a job's automatic
 * download across tabs, and how it ended (invariant 1 across tabs).
 *
 * Every tab of the app watches the same jobs; each would claim a finished
 * job in its own store. Before an automatic download runs, its tab takes a
 * Web Lock named after the job and, holding it, reads a small ledger in
 * localStorage: the first claim written there owns the job. The owner runs
 * its download while still holding the lock, and writes how it ended. A
 * tab that finds another claim waits for the lock, then mirrors the
 * outcome: `done` or `failed`. When the owner died mid-way (its lock was
 * released by the browser, its ledger entry still says `downloading`), the
 * tab takes the download over, with what the owner wrote before it died:
 * the handover and its delivery (so the server is asked, and no second
 * file is sent), or none (nothing reached the user). An entry from before
 * handovers were written says `interrupted`, as before. Manual downloads
 * are a click in one tab: not coordinated.
 *
 * The ledger is one JSON object under `<key>:downloads`, a
 * `{ claimId, status, at }` entry per job; entries older than `ttlMs` are
 * dropped on the next write.
 */
import { attempt, readObject } from '../shapes/jsonShape';
import type { DownloadOwner, LockManagerLike, OwnerOutcome, SyncStorageLike, TabCoordinator, TabResult } from './types';

interface LedgerEntry {
  claimId: string;
  status: 'downloading' | OwnerOutcome;
  at: number;
  /** While `downloading`: whether the file went to the user yet, and the delivery its link names. */
  phase?: 'preparing' | 'handedOver';
  deliveryId?: string;
}

/** What a dead owner's entry tells the tab that takes over (undefined: an entry without a phase). */
function adoptedFrom(entry: LedgerEntry | undefined): DownloadOwner['adopted'] {
  if (entry?.status !== 'downloading' || entry.phase === undefined) return undefined;
  const handedOver = entry.phase === 'handedOver';
  return handedOver && typeof entry.deliveryId === 'string' ? { handedOver, deliveryId: entry.deliveryId } : { handedOver };
}

export interface DownloadLedgerOptions {
  locks: LockManagerLike;
  storage: SyncStorageLike;
  /** The ledger's storage key, and the prefix of the per-job lock names. */
  key: string;
  ttlMs: number;
  now: () => number;
}

/** `exclusive` over the ledger: the part of a `TabCoordinator` that needs no channel. */
export function createDownloadLedger({ locks, storage, key, ttlMs, now }: DownloadLedgerOptions): Pick<TabCoordinator, 'exclusive'> {
  const read = (): Record<string, LedgerEntry> => {
    try {
      return (attempt(readObject, JSON.parse(storage.getItem(key) ?? '{}')) ?? {}) as Record<string, LedgerEntry>;
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
      storage.setItem(key, JSON.stringify(fresh));
      return true;
    } catch {
      return false; // a full or disabled storage
    }
  };

  const exclusive: TabCoordinator['exclusive'] = (jobId, claimId, { resume, signal }, download) =>
    locks.request(`${key}:${jobId}`, { signal }, async (): Promise<TabResult> => {
      const entry = read()[jobId];
      const ownerDied = entry?.status === 'downloading'; // we hold the lock: its owner is gone
      const adopted = entry && entry.claimId !== claimId ? adoptedFrom(entry) : undefined;
      if (entry && entry.claimId !== claimId && !(ownerDied && (resume || adopted))) {
        return { ran: false, status: entry.status === 'done' || entry.status === 'failed' ? entry.status : 'interrupted' };
      }
      // Unrecorded, a claim is invisible to the tabs waiting for this lock: each would download too.
      // A take-over carries the dead owner's handover on: if this tab dies too, the next one still asks.
      const phase = adopted?.handedOver ? 'handedOver' : 'preparing';
      const carried = adopted?.deliveryId === undefined ? {} : { deliveryId: adopted.deliveryId };
      if (!write(jobId, { claimId, status: 'downloading', phase, ...carried, at: now() })) return { ran: false, status: 'unrecorded' };
      const owner: DownloadOwner = {
        handedOver: (deliveryId) => {
          write(jobId, { claimId, status: 'downloading', phase: 'handedOver', ...(deliveryId === undefined ? {} : { deliveryId }), at: now() });
        },
        ...(adopted ? { adopted } : {}),
      };
      let outcome: OwnerOutcome = 'stopped';
      try {
        outcome = await download(owner);
      } finally {
        write(jobId, { claimId, status: outcome, at: now() });
      }
      return { ran: true };
    });

  return { exclusive };
}
