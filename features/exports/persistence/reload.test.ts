/**
 * Invariant 5 and docs/failure-modes.md rows 4, 5 and 7: reload anywhere. A reload
 * is a new store over the same storage; the old page dies where it stands.
 */
import { jobCompleted, jobProgressed } from '../model/exportsSlice';
import { startExport } from '../engine/startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { MemoryTransport } from '../testkit/createMemoryTransport';
import { createSharedStorage, openPage } from '../testSupport/reloadHarness';
import type { SharedStorage } from '../testSupport/reloadHarness';
import { settle } from '../testSupport/testStore';

type Boundary = 'before completion' | 'right after the claim' | 'after the flush' | 'mid-download' | 'after the handover' | 'after success' | 'after failure';

/** A backend without receipts whose link went to the browser: the page dies before it hears back. */
const handsOverThenHangs = (transport: MemoryTransport): MemoryTransport => ({
  ...transport,
  download: async (_job, opts) => {
    await opts.beforeHandover?.();
    return new Promise<void>(() => {});
  },
});

async function exportThenReloadAt(boundary: Boundary, resumeInterrupted: 'ask' | 'auto' = 'ask') {
  const shared: SharedStorage = createSharedStorage();
  const transport: MemoryTransport = createMemoryTransport();
  const firstTransport = boundary === 'after the handover' ? handsOverThenHangs(transport) : transport;
  const first = await openPage(shared, firstTransport, { pollIntervalMs: 10, resumeInterrupted });
  const result = await first.store.dispatch(startExport({ scope: 'p1', label: 'Annotations' }));
  const id = (result.payload as { id: string }).id;
  first.store.dispatch(jobProgressed({ id, progress: 40 }));
  await first.persistor?.flush();

  if (boundary !== 'before completion') {
    transport.server.complete(id, { fileName: 'p1.zip' });
    if (boundary === 'right after the claim') shared.holdWrites(); // the claim's write is still on its way
    if (boundary === 'after the flush' || boundary === 'mid-download') transport.server.holdDownloads();
    if (boundary === 'after failure') transport.server.failNext('download', 401);
    first.store.dispatch(jobCompleted({ id, fileName: 'p1.zip' }));
    if (boundary === 'after the flush') {
      // The instant the claim is on disk: nothing after it has run yet.
      for (let i = 0; i < 100 && !(shared.data.get('persist:redux-export-jobs') ?? '').includes('claimId'); i++) await Promise.resolve();
      expect(shared.data.get('persist:redux-export-jobs')).toContain('claimId');
    }
    if (boundary === 'after the handover') {
      await settle();
      expect(shared.data.get('persist:redux-export-jobs')).toContain('handedOver');
    }
    if (boundary === 'mid-download') {
      await settle();
      expect(transport.openDownloads()).toBe(1);
    }
    if (boundary === 'after success' || boundary === 'after failure') await settle();
  }
  await first.kill();
  shared.releaseWrites();
  transport.server.releaseDownloads();

  const second = await openPage(shared, transport, { pollIntervalMs: 10, resumeInterrupted });
  await settle();
  return { shared, transport, first, second, id };
}

describe('reload at every boundary of one export', () => {
  test.each<Boundary>(['before completion', 'right after the claim', 'after the flush', 'mid-download', 'after the handover', 'after success', 'after failure'])(
    'reload %s: the job is kept, at most one automatic download, nothing repeated silently',
    async (boundary) => {
      const { shared, transport, second, id } = await exportThenReloadAt(boundary);
      const job = second.store.getState().exports.jobs.entities[id];
      expect(job).toMatchObject({ id, scope: 'p1', label: 'Annotations' });
      if (boundary === 'before completion') {
        expect(job?.progress).toBe(40);
        transport.server.complete(id, { fileName: 'p1.zip' });
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      const record = second.store.getState().exports.downloadedJobIds[id];
      const downloads = transport.downloads.count(id);
      expect(downloads).toBeLessThanOrEqual(1);
      switch (boundary) {
        case 'before completion':
        case 'right after the claim': // the claim never reached disk, nor did the download start
          expect(downloads).toBe(1);
          expect(record?.status).toBe('done');
          break;
        case 'after the flush':
        case 'mid-download': // cut before the file reached the user: resumed, and this is not a second download
          expect(downloads).toBe(1);
          expect(record).toMatchObject({ status: 'done', trigger: 'auto', attempts: 2, confirmed: true });
          break;
        case 'after the handover': // handed to the browser, no receipts: offered again, never repeated on its own
          expect(downloads).toBe(0);
          expect(record).toMatchObject({ status: 'interrupted', trigger: 'auto', handover: 'handedOver' });
          break;
        case 'after success':
          expect(downloads).toBe(1);
          expect(record?.status).toBe('done');
          break;
        case 'after failure':
          expect(downloads).toBe(0);
          expect(record).toMatchObject({ status: 'failed', error: { code: 'unauthorized' } });
          expect(transport.calls.count('download', id)).toBe(1);
          break;
      }
      // Reloading yet again changes nothing.
      await second.kill();
      const third = await openPage(shared, transport);
      await settle();
      expect(transport.downloads.count(id)).toBe(downloads);
      await third.dispose();
    },
  );

  test('with resumeInterrupted: "auto", a download cut after its handover is retried once within its budget', async () => {
    const { transport, second, id } = await exportThenReloadAt('after the handover', 'auto');
    await settle();
    expect(transport.downloads.count(id)).toBe(1);
    expect(second.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', attempts: 2 });
    await second.dispose();
  });

  test('an interrupted download is offered again: one click, one download', async () => {
    const { transport, second, id } = await exportThenReloadAt('after the handover');
    const { downloadRequested } = await import('../model/exportsSlice');
    second.store.dispatch(downloadRequested({ id }));
    await settle();
    expect(transport.downloads.count(id)).toBe(1);
    expect(second.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', trigger: 'manual' });
    await second.dispose();
  });
});

test('a job running on the server during the reload is monitored again and downloads once when it completes', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const first = await openPage(shared, transport, { pollIntervalMs: 10 });
  const { payload } = await first.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  await first.kill();
  transport.server.progress(id, 70, 'writing');
  const second = await openPage(shared, transport, { pollIntervalMs: 10 });
  await settle();
  expect(second.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'running', progress: 70, stage: 'writing' });
  transport.server.complete(id);
  await new Promise((resolve) => setTimeout(resolve, 40));
  expect(transport.downloads.count(id)).toBe(1);
  await second.dispose();
});

test('nothing starts before rehydration: no monitor, claim or download until REHYDRATE', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const seed = await openPage(shared, transport);
  const { payload } = await seed.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  await seed.dispose();
  transport.server.complete(id);

  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const page = shared.page();
  const slowStorage = { ...page.storage, getItem: async (key: string) => (await gate, page.storage.getItem(key)) };
  const { makeTestStore } = await import('../testSupport/testStore');
  const t = makeTestStore({ transport, storage: slowStorage, pollIntervalMs: 5 });
  t.store.dispatch(jobCompleted({ id }));
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(transport.calls.count('getStatus', id)).toBe(0);
  expect(transport.calls.count('download', id)).toBe(0);
  release();
  await t.ready;
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(transport.downloads.count(id)).toBe(1);
  await t.dispose();
});

test('an export started before REHYDRATE is merged with the stored ones, not overwritten', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const seed = await openPage(shared, transport);
  await seed.store.dispatch(startExport({ scope: 'old' }));
  await seed.dispose();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const page = shared.page();
  const { makeTestStore } = await import('../testSupport/testStore');
  const t = makeTestStore({ transport, storage: { ...page.storage, getItem: async (key: string) => (await gate, page.storage.getItem(key)) } });
  const started = t.store.dispatch(startExport({ scope: 'new' }));
  await new Promise((resolve) => setTimeout(resolve, 10));
  release();
  await started;
  await t.ready;
  const scopes = Object.values(t.store.getState().exports.jobs.entities).map((job) => job?.scope).sort();
  expect(scopes).toEqual(['new', 'old']);
  await t.dispose();
});


test('harness find #3: a handover that could not be saved is not made; the next page finds it never handed over and downloads once', async () => {
  const shared = createSharedStorage();
  const { storage } = shared.page();
  const transport = createMemoryTransport();
  const { makeTestStore } = await import('../testSupport/testStore');
  const first = makeTestStore({ transport, storage, persistThrottleMs: 10 });
  await first.ready;
  const { payload } = await first.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  transport.server.holdDownloads();
  transport.server.complete(id);
  first.store.dispatch(jobCompleted({ id }));
  await settle(); // the claim is on disk, the download is running
  shared.mode = 'disabled'; // ...and storage goes away before the handover can be saved
  transport.server.releaseDownloads();
  await settle();
  // Handing it over now could not be undone by a reload, which would find it never handed over.
  expect(transport.downloads.count(id)).toBe(0);
  expect(first.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', error: { code: 'not_saved' } });
  await first.listeners();
  shared.mode = 'ok';
  const second = makeTestStore({ transport, storage });
  await second.ready;
  await settle();
  expect(transport.downloads.count(id)).toBe(1);
  expect(second.store.getState().exports.downloadedJobIds[id]?.status).toBe('done');
  await second.dispose();
});
