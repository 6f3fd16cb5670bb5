/**
 * Invariant 1 (one automatic download per job, ever) and invariant 3
 * (manual downloads are explicit), against the full store.
 */
import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { downloadRequested, exportsSlice, jobAdded, jobCompleted, jobProgressed } from '../model/exportsSlice';
import { registerExportsListeners } from './registerExportsListeners';
import type { ExportsStartListening } from './registerExportsListeners';
import { startExport } from './startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { makeTestStore, settle, startJob } from '../testSupport/testStore';

const startedJob = (t: ReturnType<typeof makeTestStore>) => startJob(t, 'p1');

describe('one automatic download per job', () => {
  test('1,000 jobCompleted in one tick, then more over microtasks and timers: exactly 1 download', async () => {
    const t = makeTestStore();
    const id = await startedJob(t);
    t.transport.server.complete(id, { fileName: 'p1.zip' });
    for (let i = 0; i < 1_000; i++) t.store.dispatch(jobCompleted({ id, fileName: 'p1.zip' }));
    for (let i = 0; i < 100; i++) {
      await Promise.resolve();
      t.store.dispatch(jobCompleted({ id }));
    }
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => new Promise<void>((resolve) => setTimeout(() => {
        t.store.dispatch(jobCompleted({ id }));
        resolve();
      }, i % 7))),
    );
    await settle();
    expect(t.transport.downloads.count(id)).toBe(1);
    expect(t.transport.calls.count('download', id)).toBe(1);
    expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', trigger: 'auto', attempts: 1 });
    await t.dispose();
  });

  test('the bug note: jobCompleted dispatched again after every state change, as a re-rendering effect would: 1 download', async () => {
    const t = makeTestStore();
    const id = await startedJob(t);
    t.transport.server.complete(id);
    let rerenders = 0;
    // The seed's effect: "if completed and not yet downloaded, download", run after every
    // render (a render follows every state change; effects run after it, in a later task).
    const unsubscribe = t.store.subscribe(() => {
      if (rerenders++ > 200) return;
      setTimeout(() => {
        const job = t.store.getState().exports.jobs.entities[id];
        if (job?.status === 'completed') t.store.dispatch(jobCompleted({ id }));
      }, 0);
    });
    t.store.dispatch(jobCompleted({ id }));
    await settle(30);
    unsubscribe();
    expect(rerenders).toBeGreaterThan(3);
    expect(t.transport.downloads.count(id)).toBe(1);
    await t.dispose();
  });

  test('a job that is already completed when the start answers downloads once', async () => {
    const t = makeTestStore();
    t.store.dispatch(jobAdded({ id: 'fast', scope: null, status: 'completed', fileName: 'fast.zip' }));
    t.store.dispatch(jobAdded({ id: 'fast', scope: null, status: 'completed' }));
    t.store.dispatch(jobCompleted({ id: 'fast' }));
    await settle();
    // The memory server does not know 'fast': the attempt fails with 404, once, and is not retried.
    expect(t.transport.calls.count('download', 'fast')).toBe(1);
    expect(t.store.getState().exports.downloadedJobIds.fast).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
    await t.dispose();
  });

  test('a job started with autoDownload: false is not downloaded until asked', async () => {
    const t = makeTestStore();
    const result = await t.store.dispatch(startExport({ scope: 'p', autoDownload: false }));
    const id = (result.payload as { id: string }).id;
    t.transport.server.complete(id);
    t.store.dispatch(jobCompleted({ id }));
    await settle();
    expect(t.transport.downloads.count(id)).toBe(0);
    t.store.dispatch(downloadRequested({ id }));
    await settle();
    expect(t.transport.downloads.count(id)).toBe(1);
    await t.dispose();
  });

  test('registering the listeners twice into one middleware still gives one download and one monitor per job', async () => {
    const transport = createMemoryTransport();
    const listener = createListenerMiddleware();
    const store = configureStore({
      reducer: { exports: exportsSlice.reducer },
      middleware: (getDefault) => getDefault().prepend(listener.middleware),
    });
    const startListening = listener.startListening as ExportsStartListening;
    const first = registerExportsListeners(startListening, { transport, pollIntervalMs: 5 });
    const second = registerExportsListeners(startListening, { transport, pollIntervalMs: 5 });
    expect(second).toBe(first);
    const result = await store.dispatch(startExport({ scope: 'p' }));
    const id = (result.payload as { id: string }).id;
    store.dispatch(jobAdded({ id, scope: 'p' }));
    expect(first.running().monitor).toBe(1);
    transport.server.complete(id);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(transport.downloads.count(id)).toBe(1);
    await first();
  });

  test('two separate registrations (two middlewares on one store) still give one download: the claim decides', async () => {
    const transport = createMemoryTransport();
    const a = createListenerMiddleware();
    const b = createListenerMiddleware();
    const store = configureStore({
      reducer: { exports: exportsSlice.reducer },
      middleware: (getDefault) => getDefault().prepend(a.middleware, b.middleware),
    });
    const ha = registerExportsListeners(a.startListening as ExportsStartListening, { transport });
    const hb = registerExportsListeners(b.startListening as ExportsStartListening, { transport });
    store.dispatch(jobAdded({ id: 'x', scope: null }));
    const serverId = (await transport.start({ scope: null }, new AbortController().signal)).id;
    store.dispatch(jobAdded({ id: serverId, scope: null }));
    transport.server.complete(serverId);
    for (let i = 0; i < 10; i++) store.dispatch(jobCompleted({ id: serverId }));
    await settle();
    expect(transport.downloads.count(serverId)).toBe(1);
    await Promise.all([ha(), hb()]);
  });
});

describe('automatic and manual downloads', () => {
  test('a click while the automatic download runs is ignored; a click after it is done gives exactly one more', async () => {
    const t = makeTestStore();
    const id = await startedJob(t);
    t.transport.server.holdDownloads();
    t.transport.server.complete(id);
    t.store.dispatch(jobCompleted({ id }));
    await settle();
    expect(t.store.getState().exports.downloadedJobIds[id]?.status).toBe('downloading');
    t.store.dispatch(downloadRequested({ id }));
    t.store.dispatch(downloadRequested({ id }));
    t.transport.server.releaseDownloads();
    await settle();
    expect(t.transport.downloads.count(id)).toBe(1);
    expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', trigger: 'auto' });
    t.store.dispatch(downloadRequested({ id }));
    await settle();
    expect(t.transport.downloads.count(id)).toBe(2);
    expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', trigger: 'manual' });
    for (let i = 0; i < 3; i++) {
      t.store.dispatch(downloadRequested({ id }));
      await settle();
    }
    expect(t.transport.downloads.count(id)).toBe(5);
    // Later completions never restart an automatic download.
    t.store.dispatch(jobCompleted({ id }));
    await settle();
    expect(t.transport.downloads.count(id)).toBe(5);
    await t.dispose();
  });

  test('a click on a job that is not completed does nothing', async () => {
    const t = makeTestStore();
    const id = await startedJob(t);
    t.store.dispatch(jobProgressed({ id, progress: 50 }));
    t.store.dispatch(downloadRequested({ id }));
    await settle();
    expect(t.transport.calls.count('download')).toBe(0);
    expect(t.store.getState().exports.downloadedJobIds[id]).toBeUndefined();
    await t.dispose();
  });
});
