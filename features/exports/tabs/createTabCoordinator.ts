/**
 * Cross-tab coordination of automatic downloads (invariant 1 across tabs;
 * docs/design.md#tabs). Every tab of the app watches the same jobs; this
 * keeps them from downloading one job twice, from polling it once per tab,
 * and from losing or reviving each other's jobs. Three parts, one module
 * each, composed here:
 *
 * - `downloadLedger.ts` (`exclusive`): a Web Lock per job and a small
 *   localStorage ledger say which tab owns the automatic download, and how
 *   it ended. Needs no channel.
 * - `watchLeader.ts` (`lead`): one tab watches a job and broadcasts what it
 *   learns; the others follow, and one takes over when its tab closes. Its
 *   last word is left in `finalStatuses.ts` for the next lock holder.
 * - `jobNews.ts` (`share`, `onShared`): jobs added, cancelled or dismissed
 *   in one tab are applied by the others; news held until the store listens.
 *
 * The last two share one BroadcastChannel (`tabChannel.ts`), where the page
 * has one. This file also re-exports the public types (`types.ts`);
 * `browserTabCoordinator.ts` builds one over the browser's own parts.
 */
import { createDownloadLedger } from './downloadLedger';
import { createJobNews } from './jobNews';
import { createFinalStatuses } from './finalStatuses';
import { createTabChannel } from './tabChannel';
import type { TabCoordinator, TabCoordinatorOptions } from './types';
import { createWatchLeader } from './watchLeader';

export type {
  ChannelLike,
  LockManagerLike,
  OwnerOutcome,
  SharedJobEvent,
  SyncStorageLike,
  TabCoordinator,
  TabCoordinatorOptions,
  TabResult,
} from './types';

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
  const { exclusive } = createDownloadLedger({ locks: options.locks, storage: options.storage, key, ttlMs, now });
  const channel = createTabChannel(`${key}:jobs`, options.channel, {
    snapshot: (jobId, snapshot) => leader.deliver(jobId, snapshot),
    shared: (value) => news.receive(value),
  });
  const finals = createFinalStatuses(options.storage, `${key}:final`, ttlMs, now);
  const leader = createWatchLeader(options.locks, `${key}:monitor:`, channel.open, finals);
  const news = createJobNews(channel.open);

  channel.open(); // now: the news of the other tabs is held until the store listens

  return {
    lead: options.channel ? leader.lead : undefined,
    share: options.channel ? news.share : undefined,
    onShared: options.channel ? news.onShared : undefined,
    close: () => {
      channel.close();
      leader.close();
      news.close();
    },
    exclusive,
  };
}
