/**
 * Progress monitoring: one monitor per job, polling or push, stops on a
 * terminal status (docs/failure-modes.md row 8: polling every 2 s forever).
 */
import { HttpStatusError } from '../errors/HttpStatusError';
import { jobAdded, jobDismissed } from '../model/exportsSlice';
import { makeTestStore, startJob } from '../testSupport/testStore';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());


test('polling follows the server to completion, then stops and downloads once', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  t.transport.server.progress(id, 30, 'collecting');
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'running', progress: 30, stage: 'collecting' });
  t.transport.server.progress(id, 95, 'downloading'); // the server's own phase name (row 6)
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.store.getState().exports.downloadedJobIds[id]).toBeUndefined();
  t.transport.server.complete(id);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.transport.downloads.count(id)).toBe(1);
  const polls = t.transport.calls.count('getStatus', id);
  await jest.advanceTimersByTimeAsync(60_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(polls);
  expect(t.listeners.running()).toEqual({ monitor: 0, download: 0, cancel: 0 });
  expect(jest.getTimerCount()).toBe(0);
  await t.dispose();
});

test('one monitor per job however often the job is added', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  for (let i = 0; i < 50; i++) t.store.dispatch(jobAdded({ id, scope: 'p' }));
  expect(t.listeners.running().monitor).toBe(1);
  await jest.advanceTimersByTimeAsync(5_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(5);
  await t.dispose();
});

test.each([404, 410])('a %i ends the job as expired and stops polling', async (status) => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  t.transport.server.failNext('getStatus', status);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('expired');
  await jest.advanceTimersByTimeAsync(30_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(1);
  await t.dispose();
});

test('errors back off, capped, and polling recovers', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000, pollMaxIntervalMs: 4_000 });
  const id = await startJob(t);
  t.transport.server.failNext('getStatus', 503, 4);
  await jest.advanceTimersByTimeAsync(1_000); // fail 1, next in 2 s
  await jest.advanceTimersByTimeAsync(2_000); // fail 2, next in 4 s
  await jest.advanceTimersByTimeAsync(4_000); // fail 3, next in 4 s (capped)
  expect(t.transport.calls.count('getStatus', id)).toBe(3);
  await jest.advanceTimersByTimeAsync(4_000); // fail 4
  await jest.advanceTimersByTimeAsync(4_000); // ok
  expect(t.transport.calls.count('getStatus', id)).toBe(5);
  t.transport.server.complete(id);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
  expect(t.errors.filter((e) => e.phase === 'monitor')).toHaveLength(4);
  await t.dispose();
});

test('with a push channel there is no polling, and the subscription ends with the job', async () => {
  const t = makeTestStore({ transportOptions: { push: true } });
  const id = await startJob(t);
  expect(t.transport.openSubscriptions()).toBe(1);
  t.transport.server.progress(id, 50);
  await jest.advanceTimersByTimeAsync(0);
  expect(t.store.getState().exports.jobs.entities[id]?.progress).toBe(50);
  t.transport.server.complete(id);
  await jest.advanceTimersByTimeAsync(10);
  expect(t.transport.openSubscriptions()).toBe(0);
  expect(t.transport.downloads.count(id)).toBe(1);
  expect(t.transport.calls.count('getStatus')).toBe(0);
  await t.dispose();
});

test('dismissing a running job stops its monitor', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  await jest.advanceTimersByTimeAsync(1_000);
  t.store.dispatch(jobDismissed({ id }));
  await jest.advanceTimersByTimeAsync(10_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(1);
  expect(jest.getTimerCount()).toBe(0);
  await t.dispose();
});

test('a garbage status answer is reported, never thrown, and polling goes on', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  const original = t.transport.getStatus;
  t.transport.getStatus = async () => ({ id, status: 'weird' }) as never;
  await jest.advanceTimersByTimeAsync(1_000);
  t.transport.getStatus = original;
  t.transport.server.complete(id);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
  expect(t.errors.some((e) => (e.error as { code?: string }).code === 'invalid_response')).toBe(true);
  await t.dispose();
});

test('the memory server answers 410 for an expired job', async () => {
  const t = makeTestStore();
  const id = await startJob(t);
  t.transport.server.expire(id);
  await expect(t.transport.getStatus(id, new AbortController().signal)).rejects.toBeInstanceOf(HttpStatusError);
  await t.dispose();
});
