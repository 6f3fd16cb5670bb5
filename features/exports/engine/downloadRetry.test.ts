/**
 * Invariant 2: no un-claim. Retries happen inside the claim, bounded, for
 * retryable errors only (docs/failure-modes.md row 2: the endless 401 loop).
 */
import { HttpStatusError } from '../errors/HttpStatusError';
import { NetworkError } from '../errors/NetworkError';
import { jobCompleted } from '../model/exportsSlice';
import { startExport } from './startExport';
import { makeTestStore, settleFake } from '../testSupport/testStore';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function completedJob(t: ReturnType<typeof makeTestStore>): Promise<string> {
  const result = await t.store.dispatch(startExport({ scope: 'p' }));
  const id = (result.payload as { id: string }).id;
  t.transport.server.complete(id);
  return id;
}

test('a download failing with 401 makes 1 transport call, leaves the record failed, and never loops', async () => {
  const t = makeTestStore();
  const id = await completedJob(t);
  t.transport.server.failNext('download', 401, 100);
  t.store.dispatch(jobCompleted({ id }));
  await settleFake();
  await jest.advanceTimersByTimeAsync(10 * 60_000);
  for (let i = 0; i < 20; i++) t.store.dispatch(jobCompleted({ id }));
  await jest.advanceTimersByTimeAsync(60_000);
  expect(t.transport.calls.count('download', id)).toBe(1);
  expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'unauthorized' } });
  expect(jest.getTimerCount()).toBe(0);
  await t.dispose();
});

test.each([403, 404, 410])('%i fails at once, without a retry', async (status) => {
  const t = makeTestStore();
  const id = await completedJob(t);
  t.transport.server.failNext('download', status, 10);
  t.store.dispatch(jobCompleted({ id }));
  await jest.advanceTimersByTimeAsync(5 * 60_000);
  expect(t.transport.calls.count('download', id)).toBe(1);
  expect(t.store.getState().exports.downloadedJobIds[id]?.status).toBe('failed');
  await t.dispose();
});

test('503, 503, then success: 3 calls, record done, delays follow the backoff policy', async () => {
  const t = makeTestStore({ retryBaseDelayMs: 1_000, retryMaxDelayMs: 30_000, random: () => 1 });
  const id = await completedJob(t);
  t.transport.server.failNext('download', 503, 2);
  t.store.dispatch(jobCompleted({ id }));
  await settleFake();
  expect(t.transport.calls.count('download', id)).toBe(1);
  expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'downloading', error: { code: 'server_error' } });
  await jest.advanceTimersByTimeAsync(999);
  expect(t.transport.calls.count('download', id)).toBe(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(t.transport.calls.count('download', id)).toBe(2);
  await jest.advanceTimersByTimeAsync(1_999);
  expect(t.transport.calls.count('download', id)).toBe(2);
  await jest.advanceTimersByTimeAsync(1);
  expect(t.transport.calls.count('download', id)).toBe(3);
  expect(t.transport.downloads.count(id)).toBe(1);
  expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', attempts: 3 });
  await t.dispose();
});

test('full jitter: the delay is random within the exponential ceiling', async () => {
  const t = makeTestStore({ retryBaseDelayMs: 1_000, random: () => 0.25 });
  const id = await completedJob(t);
  t.transport.server.failNext('download', new NetworkError(), 1);
  t.store.dispatch(jobCompleted({ id }));
  await settleFake();
  await jest.advanceTimersByTimeAsync(249);
  expect(t.transport.calls.count('download', id)).toBe(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(t.transport.calls.count('download', id)).toBe(2);
  await t.dispose();
});

test('a Retry-After of 5 s is waited', async () => {
  const t = makeTestStore({ random: () => 0 });
  const id = await completedJob(t);
  t.transport.server.failNext('download', new HttpStatusError(429, { retryAfterMs: 5_000 }), 1);
  t.store.dispatch(jobCompleted({ id }));
  await settleFake();
  const record = t.store.getState().exports.downloadedJobIds[id];
  expect(record?.retryAt).toBe(Date.now() + 5_000);
  await jest.advanceTimersByTimeAsync(4_999);
  expect(t.transport.calls.count('download', id)).toBe(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(t.transport.calls.count('download', id)).toBe(2);
  expect(t.store.getState().exports.downloadedJobIds[id]?.status).toBe('done');
  await t.dispose();
});

test('a 429 without Retry-After is not retried', async () => {
  const t = makeTestStore();
  const id = await completedJob(t);
  t.transport.server.failNext('download', 429, 5);
  t.store.dispatch(jobCompleted({ id }));
  await jest.advanceTimersByTimeAsync(60_000);
  expect(t.transport.calls.count('download', id)).toBe(1);
  await t.dispose();
});

test('after the budget the record is failed, kept, and "Download again" works', async () => {
  const t = makeTestStore({ maxAttempts: 3 });
  const id = await completedJob(t);
  t.transport.server.failNext('download', 503, 3);
  t.store.dispatch(jobCompleted({ id }));
  await jest.advanceTimersByTimeAsync(120_000);
  expect(t.transport.calls.count('download', id)).toBe(3);
  expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', attempts: 3 });
  const { downloadRequested } = await import('../model/exportsSlice');
  t.store.dispatch(downloadRequested({ id }));
  await jest.advanceTimersByTimeAsync(0);
  expect(t.transport.downloads.count(id)).toBe(1);
  expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', trigger: 'manual', attempts: 1 });
  await t.dispose();
});

test('errors reach onError and never break later dispatches, even when onError throws', async () => {
  const seen: string[] = [];
  const t = makeTestStore({
    onError: (error) => {
      seen.push((error as Error).message);
      throw new Error('a broken onError');
    },
  });
  const id = await completedJob(t);
  t.transport.server.failNext('download', 401);
  t.store.dispatch(jobCompleted({ id }));
  await jest.advanceTimersByTimeAsync(0);
  expect(seen).toHaveLength(1);
  const second = await completedJob(t);
  t.store.dispatch(jobCompleted({ id: second }));
  await jest.advanceTimersByTimeAsync(0);
  expect(t.transport.downloads.count(second)).toBe(1);
  await t.dispose();
});
