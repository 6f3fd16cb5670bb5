/**
 * The list of jobs is shared across tabs: a job started or dismissed in one
 * tab shows (or goes) in the others without a reload, so no tab's storage
 * write loses a job started elsewhere or brings back one dismissed
 * elsewhere. Tabs are stores over one storage, one server, an in-memory
 * lock manager and Node's own BroadcastChannel.
 */
import { cancelRequested, jobDismissed, jobProgressed } from '../model/exportsSlice';
import type { PersistStorageLike } from '../persistence/safeStorage';
import { createMemoryLocks } from '../testSupport/memoryLocks';
import { createTabsBrowser } from '../testSupport/tabsBrowser';
import { makeTestStore, startJob } from '../testSupport/testStore';
import type { ChannelLike } from './createTabCoordinator';
import { createTabCoordinator } from './createTabCoordinator';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
function tabsOf(b: ReturnType<typeof createTabsBrowser>) {
  cleanup.push(b.closeAll);
  return b;
}

test('a job started in one tab appears in the other tab without a reload', async () => {
  const { open } = tabsOf(createTabsBrowser());
  const a = await open();
  const b = await open();
  const { payload } = await a.store.dispatch(
    (await import('../engine/startExport')).startExport({ scope: 'p', label: 'Annotations (COCO)' }),
  );
  const id = (payload as { id: string }).id;
  const inA = a.store.getState().exports.jobs.entities[id]!;
  await wait(10);
  // The same job as in the tab that started it: same choices, same creation time.
  expect(b.store.getState().exports.jobs.entities[id]).toMatchObject({
    id,
    label: 'Annotations (COCO)',
    status: 'pending',
    scope: 'p',
    autoDownload: true,
    createdAt: inA.createdAt,
  });
});

test('another tab\'s storage write keeps a job started elsewhere (no data loss when the starting tab closes)', async () => {
  const { shared, transport, open } = tabsOf(createTabsBrowser());
  const a = await open();
  const b = await open();
  const ownJob = await startJob(b); // B has a job of its own, whose progress makes B write
  const started = await startJob(a);
  await wait(20);
  await a.kill(); // the tab that started it closes (no flush)
  const writesBefore = shared.writes();
  transport.server.progress(ownJob, 40); // B learns it, and writes its whole slice
  await wait(250);
  expect(b.store.getState().exports.jobs.entities[ownJob]?.progress).toBe(40);
  expect(shared.writes()).toBeGreaterThan(writesBefore);
  const c = await open(); // a new page on the shared storage
  expect(c.store.getState().exports.jobs.ids).toEqual(expect.arrayContaining([started, ownJob]));
});

test('a job dismissed in one tab goes from the other, and the other tab\'s write does not bring it back', async () => {
  const { open } = tabsOf(createTabsBrowser());
  const a = await open();
  const id = await startJob(a);
  const b = await open(); // learns the job from storage
  expect(b.store.getState().exports.jobs.entities[id]).toBeDefined();
  a.store.dispatch(jobDismissed({ id }));
  await wait(20);
  expect(b.store.getState().exports.jobs.entities[id]).toBeUndefined();
  expect(b.listeners.running().monitor).toBe(0);
  await a.kill(); // before its own throttled write
  const other = await startJob(b); // B writes at once (a new job)
  await wait(20);
  const c = await open();
  expect(c.store.getState().exports.jobs.ids).toEqual([other]);
});

test('a job started in one tab and completed: one download in all tabs, and one tab\'s worth of status requests', async () => {
  const { transport, twoTabsWithAJob } = tabsOf(createTabsBrowser({ pollIntervalMs: 20 }));
  const { a, b, id } = await twoTabsWithAJob(30);
  const before = transport.calls.count('getStatus', id);
  transport.server.progress(id, 50);
  await wait(200);
  const polls = transport.calls.count('getStatus', id) - before;
  // About 10 in 200 ms at 20 ms for one tab; two tabs polling would make about 20.
  expect(polls).toBeGreaterThan(3);
  expect(polls).toBeLessThanOrEqual(13);
  expect(b.store.getState().exports.jobs.entities[id]?.progress).toBe(50);
  transport.server.complete(id);
  await wait(120);
  expect(transport.downloads.count(id)).toBe(1);
  expect(transport.calls.count('download', id)).toBe(1);
  for (const tab of [a, b]) {
    expect(tab.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
    expect(tab.store.getState().exports.downloadedJobIds[id]?.status).toBe('done');
  }
});

test('a cancel in one tab that loses the race to completion downloads nothing in any tab, and the server gets one cancel', async () => {
  const { transport, sharedPosts, twoTabsWithAJob } = tabsOf(createTabsBrowser());
  const { a, b, id } = await twoTabsWithAJob(30);
  expect(b.store.getState().exports.jobs.entities[id]?.autoDownload).toBe(true);
  a.store.dispatch(cancelRequested({ id }));
  transport.server.complete(id); // the server finishes before the cancel reaches it
  await wait(200);
  expect(transport.calls.count('cancel', id)).toBe(1); // only the tab where the user clicked
  expect(transport.calls.count('download', id)).toBe(0);
  expect(sharedPosts().filter((m) => (m as { shared: { type: string } }).shared.type === 'cancelRequested')).toHaveLength(1);
  for (const tab of [a, b]) {
    expect(tab.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'completed', autoDownload: false });
    expect(tab.store.getState().exports.downloadedJobIds[id]).toBeUndefined(); // "Download" stays the user's choice
  }
});

test('a cancel in one tab ends the job as cancelled in the other', async () => {
  const { transport, twoTabsWithAJob } = tabsOf(createTabsBrowser());
  const { a, b, id } = await twoTabsWithAJob(30);
  a.store.dispatch(cancelRequested({ id }));
  await wait(150);
  expect(transport.calls.count('cancel', id)).toBe(1);
  for (const tab of [a, b]) expect(tab.store.getState().exports.jobs.entities[id]?.status).toBe('cancelled');
  expect(b.listeners.running()).toEqual({ monitor: 0, download: 0, cancel: 0 });
});

test('no echo: a job added in one of three tabs is announced once, and so is its dismissal', async () => {
  const { open, sharedPosts } = tabsOf(createTabsBrowser());
  const tabs = [await open(), await open(), await open()];
  const [a, b, c] = tabs as [typeof tabs[0], typeof tabs[0], typeof tabs[0]];
  const id = await startJob(a);
  await wait(40);
  expect(c.store.getState().exports.jobs.entities[id]).toBeDefined();
  expect(sharedPosts()).toHaveLength(1);
  expect(sharedPosts()[0]).toMatchObject({ shared: { type: 'added', job: { id } } });
  b.store.dispatch(jobDismissed({ id }));
  b.store.dispatch(jobDismissed({ id })); // a second click: nothing left to announce
  await wait(40);
  for (const tab of tabs) expect(tab.store.getState().exports.jobs.entities[id]).toBeUndefined();
  expect(sharedPosts()).toHaveLength(2);
  expect(sharedPosts()[1]).toEqual({ shared: { type: 'dismissed', id } });
});

test('news from another tab before rehydration is held and applied after it, on top of what storage had', async () => {
  const { shared, transport, open, coordinator } = tabsOf(createTabsBrowser());
  const a = await open();
  const kept = await startJob(a);
  const dismissed = await startJob(a);
  await wait(20);
  // A tab that read storage now (both jobs there) but gets REHYDRATE only later.
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const page = shared.page();
  const slowRead: PersistStorageLike = {
    getItem: (k) => {
      const value = page.storage.getItem(k);
      return gate.then(() => value);
    },
    setItem: (k, v) => page.storage.setItem(k, v),
    removeItem: (k) => page.storage.removeItem(k),
  };
  const b = makeTestStore({ transport, storage: slowRead, persistThrottleMs: 100, pollIntervalMs: 20, tabs: coordinator() });
  cleanup.push(b.dispose); // a store made here, not a tab of the kit
  await wait(10);
  const started = await startJob(a);
  a.store.dispatch(jobDismissed({ id: dismissed }));
  await wait(20);
  expect(b.store.getState().exports.jobs.ids).toEqual([]); // nothing applied before REHYDRATE
  expect(b.listeners.running()).toEqual({ monitor: 0, download: 0, cancel: 0 });
  release();
  await b.ready;
  await wait(20);
  expect([...b.store.getState().exports.jobs.ids].sort()).toEqual([kept, started].sort());
});

test('a job announced again never moves backwards in a tab that knows more', async () => {
  const { key, twoTabsWithAJob } = tabsOf(createTabsBrowser());
  const { a, b, id } = await twoTabsWithAJob();
  b.store.dispatch(jobProgressed({ id, progress: 70, stage: 'packing' }));
  const stale = { ...a.store.getState().exports.jobs.entities[id]!, progress: 10, status: 'pending' };
  const raw = new BroadcastChannel(`${key}:downloads:jobs`);
  cleanup.push(() => raw.close());
  raw.postMessage({ shared: { type: 'added', job: stale } });
  raw.postMessage({ shared: { type: 'added', job: { id: 'bad', token: 'secret' } } }); // not a job: ignored
  raw.postMessage({ shared: { type: 'dismissed', id: 42 } }); // malformed: ignored
  await wait(20);
  expect(b.store.getState().exports.jobs.entities[id]).toMatchObject({ progress: 70, status: 'running', stage: 'packing' });
  expect(b.store.getState().exports.jobs.ids).toEqual([id]);
});

test('a disposed tab stops applying what other tabs announce, and closing the coordinator removes its channel listener', async () => {
  const { open } = tabsOf(createTabsBrowser());
  const a = await open();
  const b = await open();
  await b.dispose();
  const id = await startJob(a);
  await wait(20);
  expect(b.store.getState().exports.jobs.entities[id]).toBeUndefined();

  const listeners = new Set<(event: { data: unknown }) => void>();
  const fake: ChannelLike & { closed: boolean } = {
    closed: false,
    postMessage: () => undefined,
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    close() {
      this.closed = true;
    },
  };
  const tabs = createTabCoordinator({ locks: createMemoryLocks(), storage: { getItem: () => null, setItem: () => undefined }, channel: () => fake });
  const heard: unknown[] = [];
  const stop = tabs.onShared!((event) => heard.push(event));
  for (const listener of listeners) listener({ data: { shared: { type: 'dismissed', id: 'x' } } });
  stop();
  for (const listener of listeners) listener({ data: { shared: { type: 'dismissed', id: 'y' } } });
  expect(heard).toEqual([{ type: 'dismissed', id: 'x' }]);
  tabs.close!();
  expect(listeners.size).toBe(0);
  expect(fake.closed).toBe(true);
  tabs.share!({ type: 'dismissed', id: 'z' }); // after close: no channel is reopened
  expect(listeners.size).toBe(0);
});
