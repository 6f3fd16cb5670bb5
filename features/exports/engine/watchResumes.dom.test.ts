/**
 * The watch engine asks again as soon as the user is back: a poll that backed
 * off while the network was down runs at once on `online`, a hidden page
 * polls nothing and polls at once when shown, and a server's `Retry-After`
 * is still kept (docs/design.md#watch-engine).
 */
import { HttpStatusError } from '../errors/HttpStatusError';
import { makeTestStore, settleFake, startJob } from '../testSupport/testStore';

let hidden = false;
beforeAll(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden }));
beforeEach(() => {
  hidden = false;
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

const longBackoff = { pollIntervalMs: 1_000, pollMaxIntervalMs: 60_000 };

test('back online after failed polls: the status is asked at once and the file arrives', async () => {
  const t = makeTestStore(longBackoff);
  const id = await startJob(t);
  t.transport.server.failNext('getStatus', 503, 5);
  await jest.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 16_000); // five failures; the next wait is 32 s
  expect(t.transport.calls.count('getStatus', id)).toBe(5);
  t.transport.server.complete(id);
  window.dispatchEvent(new Event('online'));
  await jest.advanceTimersByTimeAsync(10);
  expect(t.transport.calls.count('getStatus', id)).toBe(6);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('completed');
  await jest.advanceTimersByTimeAsync(100);
  expect(t.transport.downloads.count(id)).toBe(1);
  await t.dispose();
});

test('a hidden page polls nothing; shown again, it polls at once', async () => {
  const t = makeTestStore(longBackoff);
  const id = await startJob(t);
  hidden = true;
  await jest.advanceTimersByTimeAsync(1_000); // the first poll waits until the page is visible
  await jest.advanceTimersByTimeAsync(120_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(0);
  hidden = false;
  document.dispatchEvent(new Event('visibilitychange'));
  await settleFake();
  await jest.advanceTimersByTimeAsync(10);
  expect(t.transport.calls.count('getStatus', id)).toBe(1);
  await t.dispose();
});

test('shown again during a poll interval: the poll runs at once, not at the end of the interval', async () => {
  const t = makeTestStore({ pollIntervalMs: 30_000, pollMaxIntervalMs: 60_000 });
  const id = await startJob(t);
  await jest.advanceTimersByTimeAsync(5_000);
  hidden = true;
  document.dispatchEvent(new Event('visibilitychange'));
  hidden = false;
  document.dispatchEvent(new Event('visibilitychange'));
  await jest.advanceTimersByTimeAsync(10);
  expect(t.transport.calls.count('getStatus', id)).toBe(1);
  await t.dispose();
});

test('back online does not cut a Retry-After short', async () => {
  const t = makeTestStore(longBackoff);
  const id = await startJob(t);
  t.transport.server.failNext('getStatus', new HttpStatusError(503, { retryAfterMs: 20_000 }));
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(1);
  window.dispatchEvent(new Event('online'));
  await jest.advanceTimersByTimeAsync(19_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(1);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(t.transport.calls.count('getStatus', id)).toBe(2);
  await t.dispose();
});
