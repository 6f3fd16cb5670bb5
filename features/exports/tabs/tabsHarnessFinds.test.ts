/**
 * What the multi-tab harness (`reliability/multiTab.test.ts`) found, each
 * pinned by its shrunk sequence. Tabs are stores over one storage, one
 * server, an in-memory lock manager and Node's BroadcastChannel, as in
 * `sharedJobList.test.ts`.
 *
 * #1 and #2: a tab opened (or reloaded) right after a change in another tab
 * read storage before that change's throttled write, and was not sent the
 * news (announced before it had a channel). Now a dismissal and a cancel
 * made in a tab are written at once, like a new job.
 *
 * #3: a tab waiting for another tab's download of a job (its own claim
 * `claimed`, waiting for the lock) that was told to stop (a cancel) kept
 * the claim `claimed` for good: no "Download again", never pruned.
 *
 * #4: a tab that wrote storage just before another tab's dismissal reached
 * it (last writer wins, whole slice) put the dismissed job back in storage
 * until its next throttled write; a tab opened meanwhile brought it back
 * for good. Now a tab told of a dismissal or a cancel writes at once too.
 *
 * #5: the tabs' ledger (localStorage) refused writes while the slice's own
 * storage worked (it may be IndexedDB): the owning tab's claim was never
 * recorded, so the tab waiting for the job's lock found no owner and
 * downloaded the job too. Now a claim the ledger cannot record starts no
 * automatic download, in any tab: "Download again" instead, as when the
 * slice's storage fails (harness find #2 of the single-tab harness).
 */
import { cancelRequested, downloadRequested, jobDismissed } from '../model/exportsSlice';
import { createTabsBrowser } from '../testSupport/tabsBrowser';
import { startJob } from '../testSupport/testStore';

/** Tabs as in a browser, with a long throttle (the default is 1 s): the window is wide open. */
const browser = () => createTabsBrowser({ persistThrottleMs: 1_000 });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

test('harness find (tabs) #1: a job dismissed in one tab does not come back in a tab reloaded right after', async () => {
  // Shrunk sequence: Start(tab 0), UserDismiss(tab 0, job 0), Reload(tab 0).
  const { open, closeAll } = browser();
  cleanup.push(closeAll);
  const a = await open();
  const b = await open();
  const id = await startJob(a);
  await wait(20);
  a.store.dispatch(jobDismissed({ id }));
  await wait(20);
  expect(b.store.getState().exports.jobs.entities[id]).toBeUndefined();
  await a.kill(); // the user reloads tab A...
  const reloaded = await open(); // ...which reads storage at once
  await wait(20);
  expect(reloaded.store.getState().exports.jobs.entities[id]).toBeUndefined();
});

test('harness find (tabs) #2: a job cancelled in one tab is not downloaded automatically by a tab opened right after, when the server finishes it anyway', async () => {
  const { transport, open, closeAll, twoTabsWithAJob } = browser();
  cleanup.push(closeAll);
  const { a, b, id } = await twoTabsWithAJob();
  a.store.dispatch(cancelRequested({ id }));
  transport.server.complete(id); // the server finishes before the cancel reaches it
  await wait(0); // the user opens a new tab (in a later task), before the cancel's throttled write
  const c = await open();
  await wait(200);
  expect(transport.calls.count('download', id)).toBe(0);
  for (const tab of [a, b, c]) expect(tab.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'completed', autoDownload: false });
});

test('harness find (tabs) #3: a cancel in a tab waiting for another tab\'s download leaves "Download again", not a claim stuck in claimed', async () => {
  // Shrunk sequence: Start(tab 0), HoldDownloads, ServerComplete(job 0), UserCancel(tab 1, job 0) (push transport).
  const { transport, closeAll, twoTabsWithAJob } = browser();
  cleanup.push(closeAll);
  const { a, b, id } = await twoTabsWithAJob();
  transport.server.holdDownloads();
  transport.server.complete(id);
  await wait(80);
  const records = () => [a, b].map((tab) => tab.store.getState().exports.downloadedJobIds[id]?.status);
  expect([...records()].sort()).toEqual(['claimed', 'downloading']); // one tab downloads, the other waits
  const waiting = records()[0] === 'claimed' ? a : b;
  waiting.store.dispatch(cancelRequested({ id })); // the job is completed: the click stops this tab's wait
  await wait(20);
  expect(waiting.listeners.running().download).toBe(0);
  expect(waiting.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', error: { code: 'aborted' } });
  transport.server.releaseDownloads();
  await wait(20);
  expect(transport.downloads.count(id)).toBe(1); // the owning tab's download went on
});

test('harness find (tabs) #4: a tab that wrote just before a dismissal reached it does not leave the dismissed job in storage', async () => {
  // Shrunk sequence: OpenTab, Start x2 (tab 0), CloseTab(tab 0, crash), UserDismiss(tab 0, job 0, quick), UserDismiss(tab 1, job 1), OpenTab.
  const { open, closeAll } = browser();
  cleanup.push(closeAll);
  const a = await open();
  const b = await open();
  const first = await startJob(a);
  const second = await startJob(a);
  await wait(20);
  a.store.dispatch(jobDismissed({ id: first }));
  // In the same instant, before A's news arrives, B writes its whole slice (here for its own
  // dismissal; a throttled write falling due then does the same): storage holds `first` again.
  b.store.dispatch(jobDismissed({ id: second }));
  await wait(20); // the news crosses; both tabs now show neither job
  for (const tab of [a, b]) expect(tab.store.getState().exports.jobs.ids).toEqual([]);
  const c = await open();
  expect(c.store.getState().exports.jobs.ids).toEqual([]);
});

test('harness find (tabs) #5: with the ledger\'s storage full, no tab downloads the completed job automatically (it was 2 downloads); each offers "Download again"', async () => {
  // Shrunk sequence: Start(tab 0), Ledger(full), ServerComplete(job 0), with 2 tabs.
  const { transport, fillLedger, closeAll, twoTabsWithAJob } = browser();
  cleanup.push(closeAll);
  const { a, b, id } = await twoTabsWithAJob();
  fillLedger(true);
  transport.server.complete(id);
  await wait(200);
  expect(transport.calls.count('download', id)).toBe(0);
  for (const tab of [a, b]) {
    expect(tab.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', error: { code: 'not_saved' } });
  }
  fillLedger(false);
  b.store.dispatch(downloadRequested({ id })); // the user's click: one download
  await wait(50);
  expect(transport.calls.count('download', id)).toBe(1);
});
