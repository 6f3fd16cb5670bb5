/**
 * The watch leader (docs/design.md#tabs): watching a job is shared where
 * the page has a BroadcastChannel. One tab (the holder of the job's monitor
 * lock, `<key>:monitor:<jobId>`) polls or subscribes and broadcasts what it
 * learns as `{ jobId, snapshot }`; the others follow, applying it, and one
 * of them takes over when the leader's tab closes (the browser releases its
 * lock). The server sees one tab's requests. A job's final snapshot is
 * written where the next watcher looks first (`finalStatuses.ts`) before
 * the lock is released, and a tab that takes the lock reads it before it
 * watches: no second subscription for a job that has ended.
 */
import { isTerminalStatus } from '../model/jobStatus';
import type { JobSnapshot } from '../model/types';
import type { FinalStatuses } from './finalStatuses';
import type { ChannelLike, LockManagerLike, TabCoordinator } from './types';

export interface WatchLeader {
  lead: NonNullable<TabCoordinator['lead']>;
  /** Hands a snapshot the leading tab published to this tab's followers of the job. */
  deliver(jobId: string, snapshot: JobSnapshot): void;
  /** Forgets every follower. */
  close(): void;
}

/**
 * @param lockPrefix the monitor locks' names, before the job id
 * @param channel the tabs' channel (`tabChannel.ts`); without one, each tab watches for itself
 */
export function createWatchLeader(
  locks: LockManagerLike,
  lockPrefix: string,
  channel: () => ChannelLike | undefined,
  finals?: FinalStatuses,
): WatchLeader {
  const followers = new Map<string, Set<(snapshot: JobSnapshot) => void>>();

  const lead: WatchLeader['lead'] = async (jobId, signal, watch, follow) => {
    const open = channel();
    if (!open) return watch(signal, () => undefined);
    const set = followers.get(jobId) ?? new Set();
    followers.set(jobId, set);
    set.add(follow);
    try {
      await locks.request(`${lockPrefix}${jobId}`, { signal }, async () => {
        set.delete(follow); // the leader learns first hand
        const last = finals?.read(jobId);
        if (last) return follow(last); // the previous watcher saw it end
        await watch(signal, (snapshot) => {
          if (isTerminalStatus(snapshot.status)) finals?.write(jobId, snapshot); // before the lock is released
          open.postMessage({ jobId, snapshot });
        });
      });
    } finally {
      set.delete(follow);
      if (set.size === 0) followers.delete(jobId);
    }
  };

  return {
    lead,
    deliver: (jobId, snapshot) => {
      for (const follow of followers.get(jobId) ?? []) follow(snapshot);
    },
    close: () => followers.clear(),
  };
}
