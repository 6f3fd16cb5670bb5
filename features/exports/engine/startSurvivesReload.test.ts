/**
 * A start survives a reload (docs/failure-modes.md row 17): the start is
 * kept, with its idempotency key, and written before the request goes out;
 * a reload that cuts the request sends it again with the same key, and the
 * server answers the same job. No export lost, none started twice.
 */
import { startExport } from './startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { createSharedStorage, openPage } from '../testSupport/reloadHarness';
import { settle } from '../testSupport/testStore';

const KEY = 'persist:redux-export-jobs';

test('a reload while the start request is in flight: the export is on the page afterwards, and the server made exactly one job', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const first = await openPage(shared, transport);
  transport.server.holdStarts(); // the server makes the job; its answer never reaches this page
  void first.store.dispatch(startExport({ scope: 'p1', label: 'Annotations' }));
  await settle();
  expect(transport.server.jobIds()).toHaveLength(1);
  expect(first.store.getState().exports.jobs.ids).toEqual([]);
  expect(shared.data.get(KEY)).toContain('pendingStarts');
  await first.kill();
  transport.server.releaseStarts();

  const second = await openPage(shared, transport);
  await settle();
  const [id] = transport.server.jobIds();
  expect(transport.server.jobIds()).toHaveLength(1);
  expect(second.store.getState().exports.jobs.entities[id!]).toMatchObject({ id, scope: 'p1', label: 'Annotations' });
  expect(second.store.getState().exports.pendingStarts).toEqual({});
  expect(transport.calls.count('start')).toBe(2); // the first, and the same key once more
  await second.kill();
});

test('a start the server refused is given up: a reload does not send it again', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const first = await openPage(shared, transport);
  transport.server.failNext('start', 400);
  const result = await first.store.dispatch(startExport({ scope: 'p1' }));
  expect(result.payload).toMatchObject({ code: 'bad_request' });
  expect(first.store.getState().exports.pendingStarts).toEqual({});
  await first.persistor?.flush();
  await first.kill();
  const second = await openPage(shared, transport);
  await settle();
  expect(transport.calls.count('start')).toBe(1);
  await second.kill();
});

test('a start the app aborts is given up, and its request is aborted', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const page = await openPage(shared, transport);
  transport.server.holdStarts();
  const promise = page.store.dispatch(startExport({ scope: 'p1' }));
  await settle();
  promise.abort();
  const result = await promise;
  expect(result.meta.requestStatus).toBe('rejected');
  await settle();
  expect(page.store.getState().exports.pendingStarts).toEqual({});
  transport.server.releaseStarts();
  await settle();
  expect(page.store.getState().exports.jobs.ids).toEqual([]);
  await page.kill();
});

test('a 503 on start is tried again inside the same start, with the same key: one job', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const page = await openPage(shared, transport, { retryBaseDelayMs: 1 });
  transport.server.failNext('start', 503, 2);
  const result = await page.store.dispatch(startExport({ scope: 'p1' }));
  expect(startExport.fulfilled.match(result)).toBe(true);
  expect(transport.calls.count('start')).toBe(3);
  expect(transport.server.jobIds()).toHaveLength(1);
  await page.kill();
});
