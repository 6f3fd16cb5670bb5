/**
 * A browser with tabs, for the tab tests: one storage, one memory server,
 * one in-memory lock manager, one ledger (localStorage, which can be made
 * to refuse writes) and Node's own BroadcastChannel, with every channel
 * post counted. Each `open()` is a tab (a store over the shared storage);
 * `closeAll()` disposes the tabs still open and closes their channels.
 */
import { createTabCoordinator } from '../tabs/createTabCoordinator';
import type { ChannelLike } from '../tabs/createTabCoordinator';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { createMemoryLocks } from './memoryLocks';
import { createSharedStorage, openPage } from './reloadHarness';
import { startJob } from './testStore';

let browsers = 0;

export interface TabsBrowserOptions {
  /** @default 20 */
  pollIntervalMs?: number;
  /** The tabs' redux-persist throttle. @default the test store's (100 ms) */
  persistThrottleMs?: number;
}

export function createTabsBrowser({ pollIntervalMs = 20, persistThrottleMs }: TabsBrowserOptions = {}) {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const locks = createMemoryLocks();
  const ledger = new Map<string, string>();
  let ledgerFull = false;
  const sync = {
    getItem: (k: string) => ledger.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (ledgerFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      ledger.set(k, v);
    },
  };
  const key = `tabs-browser-${++browsers}`;
  const posts: unknown[] = [];
  const coordinators: Array<ReturnType<typeof createTabCoordinator>> = [];
  const openTabs = new Set<{ dispose(): Promise<void> }>();

  const coordinator = () => {
    const tabs = createTabCoordinator({
      locks,
      storage: sync,
      key,
      channel: (name) => {
        const channel = new BroadcastChannel(name);
        const post = channel.postMessage.bind(channel);
        channel.postMessage = (message: unknown) => {
          posts.push(message);
          post(message);
        };
        return channel as unknown as ChannelLike;
      },
    });
    coordinators.push(tabs);
    return tabs;
  };

  /** A new tab, with its own coordinator. */
  const open = async () => {
    const page = await openPage(shared, transport, { pollIntervalMs, tabs: coordinator(), ...(persistThrottleMs === undefined ? {} : { persistThrottleMs }) });
    const tab = {
      ...page,
      dispose: async () => {
        openTabs.delete(tab);
        await page.dispose();
      },
      kill: async () => {
        openTabs.delete(tab);
        await page.kill();
      },
    };
    openTabs.add(tab);
    return tab;
  };

  return {
    shared,
    transport,
    locks,
    key,
    open,
    coordinator,
    /** Tabs A and B open, a job started in A, and `settleMs` for the news to reach B. */
    async twoTabsWithAJob(settleMs = 20) {
      const a = await open();
      const b = await open();
      const id = await startJob(a);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      return { a, b, id };
    },
    /** Posts about the job list (not the monitor's status news). */
    sharedPosts: () => posts.filter((message) => typeof message === 'object' && message !== null && 'shared' in message),
    /** The ledger's storage refuses writes (a full localStorage), or takes them again. */
    fillLedger: (full: boolean) => {
      ledgerFull = full;
    },
    async closeAll() {
      for (const tab of [...openTabs].reverse()) await tab.dispose();
      for (const tabs of coordinators) tabs.close?.();
    },
  };
}
