/**
 * Two copies of the package in one page (an app that loads both the ESM and
 * the CJS build): the engine of one copy serves the thunk of the other, and
 * the errors of one copy are recognized by the other. Each copy is the
 * module graph loaded again in isolation, as a second bundle would be.
 */
import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { HttpStatusError } from '../errors/HttpStatusError';
import { exportsSlice } from '../model/exportsSlice';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { registerExportsListeners } from './registerExportsListeners';
import type { ExportsStartListening } from './registerExportsListeners';
import type * as StartExportModule from './startExport';
import type * as ErrorsModule from '../errors';

function otherCopy<T extends object>(path: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<T>(path);
  });
  return loaded!;
}

function storeWiredByThisCopy() {
  const listenerMiddleware = createListenerMiddleware();
  const store = configureStore({
    reducer: { exports: exportsSlice.reducer },
    middleware: (getDefault) => getDefault().prepend(listenerMiddleware.middleware),
  });
  const transport = createMemoryTransport();
  const handle = registerExportsListeners(listenerMiddleware.startListening as ExportsStartListening, {
    transport,
    retryBaseDelayMs: 1,
    random: () => 0,
  });
  return { store, transport, handle };
}

test("startExport from another copy of the package is served by this copy's engine", async () => {
  const { startExport } = otherCopy<typeof StartExportModule>('./startExport');
  const { store, transport, handle } = storeWiredByThisCopy();
  const result = await store.dispatch(startExport({ scope: 'p' }));
  expect(result.meta.requestStatus).toBe('fulfilled');
  expect(store.getState().exports.jobs.ids).toEqual(transport.server.jobIds());
  await handle();
});

test("an error made by another copy keeps its kind: a 401 from the other copy's transport is tried once, not retried as 'unknown'", async () => {
  const errors = otherCopy<typeof ErrorsModule>('../errors');
  const foreign401 = new errors.HttpStatusError(401);
  expect(foreign401 instanceof HttpStatusError).toBe(true);
  expect(foreign401 instanceof errors.NetworkError).toBe(false);
  const { store, transport, handle } = storeWiredByThisCopy();
  const { startExport } = otherCopy<typeof StartExportModule>('./startExport');
  const result = await store.dispatch(startExport({ scope: 'p' }));
  const id = (result.payload as { id: string }).id;
  transport.server.complete(id);
  transport.server.failNext('download', foreign401, 5);
  store.dispatch(exportsSlice.actions.jobCompleted({ id }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(transport.calls.count('download', id)).toBe(1);
  expect(store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', error: { code: 'unauthorized' } });
  await handle();
});

test('a store with a listener middleware but no exports listeners rejects startExport with not_registered, at once', async () => {
  const { startExport } = otherCopy<typeof StartExportModule>('./startExport');
  const listenerMiddleware = createListenerMiddleware();
  const store = configureStore({
    reducer: { exports: exportsSlice.reducer },
    middleware: (getDefault) => getDefault().prepend(listenerMiddleware.middleware),
  });
  const result = await store.dispatch(startExport({ scope: 'p' }));
  expect(result.payload).toMatchObject({ code: 'not_registered' });
});
