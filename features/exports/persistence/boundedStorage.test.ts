/**
 * Invariant 8 and docs/failure-modes.md rows 7 and 12: storage stays bounded, and
 * progress does not cost a write per event.
 */
import { jobAdded, jobCompleted, jobDismissed, jobProgressed } from '../model/exportsSlice';
import { createSharedStorage, openPage } from '../testSupport/reloadHarness';
import { createMemoryTransport } from '../testkit/createMemoryTransport';

const report = (line: string): void => {
  process.stdout.write(`    [measured] ${line}\n`);
};

test('10,000 finished jobs later, the stored value is bounded by maxJobs and no active job was pruned', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  let clock = Date.UTC(2026, 10, 29);
  const page = await openPage(shared, transport, { now: () => clock, maxJobs: 200, pollIntervalMs: 60_000, devChecks: false });
  const active = ['active-1', 'active-2', 'active-3', 'active-4', 'active-5'];
  for (const id of active) page.store.dispatch(jobAdded({ id, scope: 'p', at: clock }));
  for (let i = 0; i < 10_000; i++) {
    clock += 1_000;
    const id = `done-${i}`;
    page.store.dispatch(jobAdded({ id, scope: `project-${i % 50}`, label: `Export ${i} (COCO, with images)`, autoDownload: false, at: clock }));
    page.store.dispatch(jobCompleted({ id, fileName: `project-${i % 50}-coco.zip`, size: 123_456, at: clock }));
    if (i % 3 === 0) page.store.dispatch(jobDismissed({ id }));
  }
  await page.persistor?.flush();
  const state = page.store.getState().exports;
  const bytes = shared.bytes();
  report(`stored value after 10,000 finished jobs: ${state.jobs.ids.length} jobs kept, ${bytes} bytes (cap: maxJobs 200)`);
  expect(state.jobs.ids.length).toBeLessThanOrEqual(200);
  for (const id of active) expect(state.jobs.entities[id]?.status).toBe('pending');
  expect(bytes).toBeLessThan(100_000);
  // Reloaded, the same bound holds and the newest finished jobs are the ones kept.
  await page.kill();
  const again = await openPage(shared, transport, { now: () => clock, maxJobs: 200, pollIntervalMs: 60_000 });
  expect(again.store.getState().exports.jobs.ids.length).toBeLessThanOrEqual(200);
  expect(again.store.getState().exports.jobs.entities['done-9998']).toBeDefined();
  await again.dispose();
}, 60_000);

test('finished jobs past their ttl are pruned on reload; active ones never', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  let clock = Date.UTC(2026, 10, 29);
  const page = await openPage(shared, transport, { now: () => clock, ttlMs: 60_000, pollIntervalMs: 600_000 });
  page.store.dispatch(jobAdded({ id: 'old-done', scope: null, status: 'completed', autoDownload: false, at: clock }));
  page.store.dispatch(jobAdded({ id: 'old-active', scope: null, at: clock }));
  await page.persistor?.flush();
  await page.kill();
  clock += 120_000;
  const again = await openPage(shared, transport, { now: () => clock, ttlMs: 60_000, pollIntervalMs: 600_000 });
  expect(again.store.getState().exports.jobs.ids).toEqual(['old-active']);
  await again.dispose();
});

describe('storage writes', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('1,000 progress events on 10 jobs over 10 s: writes are throttled, not one per event', async () => {
    const shared = createSharedStorage();
    const transport = createMemoryTransport();
    const pagePromise = openPage(shared, transport, { persistThrottleMs: 1_000, pollIntervalMs: 600_000 });
    await jest.advanceTimersByTimeAsync(0);
    const page = await pagePromise;
    const ids = Array.from({ length: 10 }, (_, i) => `job-${i}`);
    for (const id of ids) page.store.dispatch(jobAdded({ id, scope: 'p' }));
    await jest.advanceTimersByTimeAsync(5_000);
    const before = shared.writes();
    for (let tick = 0; tick < 100; tick++) {
      for (const id of ids) page.store.dispatch(jobProgressed({ id, progress: tick + 0.5, stage: 'writing' }));
      await jest.advanceTimersByTimeAsync(100);
    }
    await jest.advanceTimersByTimeAsync(5_000);
    const writes = shared.writes() - before;
    report(`storage writes for 1,000 progress events on 10 jobs over 10 s: ${writes} (one per event would be 1,000)`);
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(12);
    const stored = JSON.parse(shared.data.get('persist:redux-export-jobs') ?? '{}') as { jobs: string };
    expect(JSON.parse(stored.jobs).entities['job-3'].progress).toBe(99.5);
    await page.dispose();
  });
});
