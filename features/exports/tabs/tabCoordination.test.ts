/**
 * Invariant 1 across tabs: two tabs (two stores over one storage, one
 * server) watching one job download it once; the other tab shows how it
 * ended. The real Web Locks are exercised by the browser suite.
 */
import { startExport } from '../engine/startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { createMemoryLocks } from '../testSupport/memoryLocks';
import { createSharedStorage, openPage } from '../testSupport/reloadHarness';
import { createTabCoordinator } from './createTabCoordinator';

let channelKey = 0;

/** Tabs as stores over one storage and one server; `shareWatching` gives them a BroadcastChannel (Node's own). */
function twoTabs({ shareWatching = false, pollIntervalMs = 5 } = {}) {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const locks = createMemoryLocks();
  const ledger = new Map<string, string>();
  const sync = { getItem: (k: string) => ledger.get(k) ?? null, setItem: (k: string, v: string) => void ledger.set(k, v) };
  const key = `test-${++channelKey}`;
  const coordinators: Array<ReturnType<typeof createTabCoordinator>> = [];
  const open = () => {
    const tabs = createTabCoordinator({ locks, storage: sync, key, channel: shareWatching ? (name) => new BroadcastChannel(name) : undefined });
    coordinators.push(tabs);
    return openPage(shared, transport, { pollIntervalMs, tabs });
  };
  const closeAll = () => coordinators.forEach((c) => c.close?.());
  return { shared, transport, locks, open, closeAll };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('two tabs watching one running job: one download in all, and the second tab shows it done', async () => {
  const { transport, open } = twoTabs();
  const a = await open();
  const { payload } = await a.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  const b = await open(); // opened later: learns the job from storage and watches it too
  expect(b.store.getState().exports.jobs.entities[id]).toBeDefined();
  transport.server.complete(id);
  await wait(60);
  expect(transport.downloads.count(id)).toBe(1);
  const records = [a, b].map((tab) => tab.store.getState().exports.downloadedJobIds[id]?.status);
  expect(records).toEqual(['done', 'done']);
  await Promise.all([a.dispose(), b.dispose()]);
});

test('four tabs: still one download', async () => {
  const { transport, open } = twoTabs();
  const first = await open();
  const { payload } = await first.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  const tabs = [first, await open(), await open(), await open()];
  transport.server.complete(id);
  await wait(80);
  expect(transport.downloads.count(id)).toBe(1);
  expect(transport.calls.count('download', id)).toBe(1);
  await Promise.all(tabs.map((tab) => tab.dispose()));
});

test('the owning tab closes mid-download: the other tab offers "Download again" instead of repeating it', async () => {
  const { transport, open, locks } = twoTabs();
  const a = await open();
  const { payload } = await a.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  const b = await open();
  transport.server.holdDownloads();
  transport.server.complete(id);
  await wait(40);
  expect(transport.openDownloads()).toBe(1);
  // Whichever tab saw the completion first owns the download; the other waits, claimed.
  const statuses = [a, b].map((tab) => tab.store.getState().exports.downloadedJobIds[id]?.status);
  expect([...statuses].sort()).toEqual(['claimed', 'downloading']);
  const [owner, other] = statuses[0] === 'downloading' ? [a, b] : [b, a];
  await owner.kill(); // the browser releases the tab's locks
  transport.server.releaseDownloads();
  await wait(30);
  expect(locks.held()).toEqual([]);
  expect(transport.downloads.count(id)).toBe(0);
  expect(other.store.getState().exports.downloadedJobIds[id]?.status).toBe('interrupted');
  const { downloadRequested } = await import('../model/exportsSlice');
  other.store.dispatch(downloadRequested({ id }));
  await wait(20);
  expect(transport.downloads.count(id)).toBe(1);
  await other.dispose();
});

test('a click in another tab is its own explicit download', async () => {
  const { transport, open } = twoTabs();
  const a = await open();
  const { payload } = await a.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  const b = await open();
  transport.server.complete(id);
  await wait(60);
  const { downloadRequested } = await import('../model/exportsSlice');
  b.store.dispatch(downloadRequested({ id }));
  await wait(20);
  expect(transport.downloads.count(id)).toBe(2);
  await Promise.all([a.dispose(), b.dispose()]);
});

describe('watching shared across tabs (BroadcastChannel)', () => {
  test('three tabs watching one job: one tab polls for all, all see progress, one download', async () => {
    const { transport, open, closeAll } = twoTabs({ shareWatching: true, pollIntervalMs: 20 });
    const a = await open();
    const { payload } = await a.store.dispatch(startExport({ scope: 'p' }));
    const id = (payload as { id: string }).id;
    const tabs = [a, await open(), await open()];
    await wait(30);
    const before = transport.calls.count('getStatus', id);
    transport.server.progress(id, 60, 'writing');
    await wait(200);
    const polls = transport.calls.count('getStatus', id) - before;
    // One tab's worth of polling in 200 ms at 20 ms (about 10), not three tabs' (about 30).
    expect(polls).toBeGreaterThan(3);
    expect(polls).toBeLessThanOrEqual(13);
    for (const tab of tabs) expect(tab.store.getState().exports.jobs.entities[id]).toMatchObject({ progress: 60, stage: 'writing' });
    transport.server.complete(id);
    await wait(120);
    expect(transport.downloads.count(id)).toBe(1);
    for (const tab of tabs) expect(tab.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
    expect(tabs.map((tab) => tab.listeners.running().monitor)).toEqual([0, 0, 0]);
    await Promise.all(tabs.map((tab) => tab.dispose()));
    closeAll();
  });

  test('the watching tab closes: another takes over and still sees the job end', async () => {
    const { transport, open, closeAll, locks } = twoTabs({ shareWatching: true, pollIntervalMs: 10 });
    const a = await open();
    const { payload } = await a.store.dispatch(startExport({ scope: 'p' }));
    const id = (payload as { id: string }).id;
    const b = await open();
    await wait(40);
    expect(locks.held()).toHaveLength(1); // one monitor lock: one leader
    await a.kill();
    transport.server.complete(id);
    await wait(120);
    expect(b.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
    expect(transport.downloads.count(id)).toBe(1);
    await b.dispose();
    closeAll();
  });
});
