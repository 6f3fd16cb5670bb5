/**
 * Cancel (docs/failure-modes.md rows 9 and 10): one cancel request, the monitor
 * stops, a running download's signal aborts, a late answer changes nothing.
 */
import { cancelRequested, jobCompleted, jobFailed } from '../model/exportsSlice';
import { makeTestStore, startJob } from '../testSupport/testStore';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());


test('cancel mid-export calls transport.cancel once and stops the monitor', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  t.transport.server.progress(id, 40);
  await jest.advanceTimersByTimeAsync(1_000);
  const pollsBefore = t.transport.calls.count('getStatus', id);
  t.store.dispatch(cancelRequested({ id }));
  t.store.dispatch(cancelRequested({ id }));
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('cancelling');
  await jest.advanceTimersByTimeAsync(30_000);
  t.store.dispatch(cancelRequested({ id }));
  await jest.advanceTimersByTimeAsync(30_000);
  expect(t.transport.calls.count('cancel', id)).toBe(1);
  expect(t.transport.calls.count('getStatus', id)).toBe(pollsBefore);
  expect(t.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'cancelled' });
  expect(t.store.getState().exports.jobs.entities[id]?.error).toBeUndefined();
  // The server reporting the cancel as a failure, late and twice, changes nothing (row 9).
  t.store.dispatch(jobFailed({ id, error: { code: 'cancelled', message: 'Export failed: cancelled by user' } }));
  t.store.dispatch(jobFailed({ id, error: { code: 'cancelled', message: 'Export failed: cancelled by user' } }));
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('cancelled');
  expect(t.transport.downloads.count()).toBe(0);
  expect(jest.getTimerCount()).toBe(0);
  await t.dispose();
});

test('cancel mid-download aborts the signal that transport.download got', async () => {
  const t = makeTestStore();
  const id = await startJob(t);
  const signals: AbortSignal[] = [];
  const original = t.transport.download;
  t.transport.download = (job, opts) => {
    signals.push(opts.signal);
    return original(job, opts);
  };
  t.transport.server.holdDownloads();
  t.transport.server.complete(id);
  t.store.dispatch(jobCompleted({ id }));
  await jest.advanceTimersByTimeAsync(0);
  expect(signals).toHaveLength(1);
  expect(signals[0]?.aborted).toBe(false);
  t.store.dispatch(cancelRequested({ id }));
  expect(signals[0]?.aborted).toBe(true);
  await jest.advanceTimersByTimeAsync(0);
  expect(t.transport.downloads.count(id)).toBe(0);
  expect(t.transport.openDownloads()).toBe(0);
  expect(t.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', error: { code: 'aborted' } });
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
  expect(t.transport.calls.count('cancel', id)).toBe(0);
  await t.dispose();
});

test('a cancel that loses the race to completion leaves the file to download by hand', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  t.transport.server.complete(id); // done on the server, the client does not know yet
  t.store.dispatch(cancelRequested({ id }));
  await jest.advanceTimersByTimeAsync(0);
  expect(t.transport.calls.count('cancel', id)).toBe(1);
  expect(t.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'completed', autoDownload: false });
  expect(t.transport.downloads.count(id)).toBe(0);
  await t.dispose();
});

test('a failing cancel request puts the job back to running and monitoring resumes', async () => {
  const t = makeTestStore({ pollIntervalMs: 1_000 });
  const id = await startJob(t);
  t.transport.server.failNext('cancel', 503);
  t.store.dispatch(cancelRequested({ id }));
  await jest.advanceTimersByTimeAsync(0);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('running');
  t.transport.server.complete(id);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
  await t.dispose();
});

test('a late cancel answer after the job completed changes nothing', async () => {
  const t = makeTestStore();
  const id = await startJob(t);
  let answer: (() => void) | undefined;
  t.transport.cancel = (jobId) =>
    new Promise((resolve) => {
      answer = () => resolve({ id: jobId, scope: 'p', status: 'cancelled', progress: 10 });
    });
  t.store.dispatch(cancelRequested({ id }));
  t.store.dispatch(jobCompleted({ id }));
  answer?.();
  await jest.advanceTimersByTimeAsync(0);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
  await t.dispose();
});
