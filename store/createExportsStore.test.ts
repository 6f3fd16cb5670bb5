import { isPlain } from '@reduxjs/toolkit';
import { cancelRequested, jobCompleted } from '../features/exports/model/exportsSlice';
import { startExport } from '../features/exports/engine/startExport';
import { makeTestStore } from '../features/exports/testSupport/testStore';
import { createMemoryTransport } from '../features/exports/testkit/createMemoryTransport';
import { createExportsStore } from './createExportsStore';

function findNonPlain(value: unknown, path = 'state'): string | undefined {
  if (!isPlain(value)) return path;
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const found = findNonPlain(child, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

describe('dispose', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('leaves no pending timer, monitor, download or cancel behind', async () => {
    const t = makeTestStore({ pollIntervalMs: 1_000 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await t.store.dispatch(startExport({ scope: 'p' }));
      ids.push((result.payload as { id: string }).id);
    }
    const [downloading, retrying, cancelling] = ids as [string, string, string];
    t.transport.server.holdDownloads();
    t.transport.server.complete(downloading);
    t.store.dispatch(jobCompleted({ id: downloading }));
    t.transport.server.complete(retrying);
    t.transport.server.failNext('download', 503, 1);
    t.store.dispatch(jobCompleted({ id: retrying }));
    t.transport.cancel = () => new Promise(() => {}); // a cancel request that never answers
    t.store.dispatch(cancelRequested({ id: cancelling }));
    await jest.advanceTimersByTimeAsync(10);
    expect(jest.getTimerCount()).toBeGreaterThan(0);
    expect(t.listeners.running()).toEqual({ monitor: 2, download: 2, cancel: 1 });
    await t.dispose();
    expect(jest.getTimerCount()).toBe(0);
    expect(t.listeners.running()).toEqual({ monitor: 0, download: 0, cancel: 0 });
    expect(t.transport.openDownloads()).toBe(0);
    // Nothing wakes up later either.
    const calls = t.transport.calls.log.length;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(t.transport.calls.log.length).toBe(calls);
    // A store torn down ignores new work.
    t.store.dispatch(jobCompleted({ id: ids[3]! }));
    expect(t.transport.calls.log.length).toBe(calls);
  });

  test('with persistence, only redux-persist\'s own write interval is left, and it ends within one throttle window', async () => {
    const storage = new Map<string, string>();
    const t = makeTestStore({
      storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v), removeItem: (k) => void storage.delete(k) },
      persistThrottleMs: 1_000,
    });
    await t.ready;
    await t.store.dispatch(startExport({ scope: 'p' }));
    await t.dispose();
    expect(storage.get('persist:redux-export-jobs')).toContain('"scope\\":\\"p\\"');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jest.getTimerCount()).toBe(0);
  });
});

test('every action and all state stay serializable, with readable types', async () => {
  const transport = createMemoryTransport();
  const seen: unknown[] = [];
  const { store, dispose, ready } = createExportsStore({ transport, storage: false, devTools: false });
  await ready;
  const origDispatch = store.dispatch;
  store.subscribe(() => seen.push(store.getState()));
  const result = await origDispatch(startExport({ scope: 'p', params: { format: 'coco' } }));
  const id = (result.payload as { id: string }).id;
  transport.server.complete(id);
  store.dispatch(jobCompleted({ id }));
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(findNonPlain(store.getState())).toBeUndefined();
  for (const state of seen) expect(findNonPlain(state)).toBeUndefined();
  expect(jobCompleted.type).toBe('exports/jobCompleted');
  await dispose();
});

test('startExport without registered listeners rejects with a clear message', async () => {
  const { configureStore } = await import('@reduxjs/toolkit');
  const { exportsSlice } = await import('../features/exports/model/exportsSlice');
  const store = configureStore({ reducer: { exports: exportsSlice.reducer } });
  const result = await store.dispatch(startExport({ scope: 'p' }));
  expect(startExport.rejected.match(result)).toBe(true);
  expect(result.payload).toMatchObject({ code: 'not_registered' });
  expect((result.payload as { message: string }).message).toMatch(/registerExportsListeners/);
});

test('a failing start rejects with the error as { code, message } and adds no job', async () => {
  const t = makeTestStore();
  t.transport.server.failNext('start', 429);
  const result = await t.store.dispatch(startExport({ scope: 'p' }));
  expect(startExport.rejected.match(result)).toBe(true);
  expect(result.payload).toEqual({ code: 'rate_limited', message: 'The server answered 429' });
  expect(t.store.getState().exports.jobs.ids).toEqual([]);
  await t.dispose();
});

test('bad options are refused with a clear message', () => {
  const transport = createMemoryTransport();
  expect(() => createExportsStore({ transport, storage: false, maxAttempts: 0 })).toThrow(/maxAttempts.*positive integer/);
  expect(() => createExportsStore({ transport, storage: false, pollIntervalMs: -1 })).toThrow(/pollIntervalMs/);
  expect(() => createExportsStore({ transport: {} as never, storage: false })).toThrow(/transport has no "start"/);
  expect(() => createExportsStore({ transport, storage: false, resumeInterrupted: 'sometimes' as never })).toThrow(/resumeInterrupted/);
});

test('after dispose() with persistence on, what is left is one redux-persist interval: it writes nothing more and is gone within persistThrottleMs', async () => {
  const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const before = timers();
  const data = new Map<string, string>();
  let writes = 0;
  const t = makeTestStore({
    storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void (writes++, data.set(k, v)), removeItem: (k) => void data.delete(k) },
    persistThrottleMs: 200,
    tabs: false,
  });
  await t.ready;
  await t.store.dispatch(startExport({ scope: 'p' }));
  await t.dispose();
  const writesAtDispose = writes;
  expect(timers() - before).toBeLessThanOrEqual(1); // redux-persist's own write interval, at most
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(timers()).toBeLessThanOrEqual(before);
  expect(writes).toBe(writesAtDispose);
});
