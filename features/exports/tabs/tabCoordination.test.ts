/**
 * Invariant 1 across tabs: two tabs (two stores over one storage, one
 * server) watching one job download it once; the other tab shows how it
 * ended. The real Web Locks are exercised by the browser suite.
 */
import { startExport } from '../startExport';
import { createMemoryTransport } from '../testing/createMemoryTransport';
import { createMemoryLocks } from '../testing/memoryLocks';
import { createSharedStorage, openPage } from '../testing/reloadHarness';
import { createTabCoordinator } from './createTabCoordinator';

function twoTabs() {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const locks = createMemoryLocks();
  const ledger = new Map<string, string>();
  const sync = { getItem: (k: string) => ledger.get(k) ?? null, setItem: (k: string, v: string) => void ledger.set(k, v) };
  const open = () => openPage(shared, transport, { pollIntervalMs: 5, tabs: createTabCoordinator({ locks, storage: sync }) });
  return { shared, transport, locks, open };
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
  const { downloadRequested } = await import('../exportsSlice');
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
  const { downloadRequested } = await import('../exportsSlice');
  b.store.dispatch(downloadRequested({ id }));
  await wait(20);
  expect(transport.downloads.count(id)).toBe(2);
  await Promise.all([a.dispose(), b.dispose()]);
});
