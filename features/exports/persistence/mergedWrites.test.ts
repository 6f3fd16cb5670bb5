/**
 * Tabs whose storage cannot disagree (docs/design.md#tabs, "One storage"),
 * with neither BroadcastChannel nor Web Locks (`tabs: false`): 2 or 3 real
 * stores (real redux-persist) over one synchronous storage, as tabs of one
 * browser over localStorage, none told of the others' jobs. Random starts,
 * dismissals, completions, reloads (no flush) and waits, writes landing in
 * any order. Storage is checked after every write (`storageChecks.ts`),
 * and after a final rehydrate: every job that reached storage from any tab
 * is there unless its dismissal did, no such dismissed job is, and every job that ever had a download
 * record in storage still has one (a job without one would be downloaded
 * again). What does not hold without locks (one download across tabs) is
 * not asserted here; the README says so.
 */
import fc from 'fast-check';
import { jobDismissed } from '../model/exportsSlice';
import { startExport } from '../engine/startExport';
import { awaitOnFakeTimers } from '../reliability/awaitOnFakeTimers';
import { checkStorageWrite, readStoredSlice } from '../reliability/storageChecks';
import type { StorageWatch } from '../reliability/storageChecks';
import { createSharedStorage } from '../testSupport/reloadHarness';
import { makeTestStore } from '../testSupport/testStore';
import { createMemoryTransport } from '../testkit/createMemoryTransport';

const KEY = 'persist:redux-export-jobs';
const RUNS = Number(process.env.HARNESS_RUNS ?? 60);

type Op =
  | { op: 'start'; tab: number }
  | { op: 'dismiss'; tab: number; job: number }
  | { op: 'complete'; job: number }
  | { op: 'reload'; tab: number }
  | { op: 'wait'; ms: number };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('start' as const), tab: fc.nat(2) }),
    fc.record({ op: fc.constant('dismiss' as const), tab: fc.nat(2), job: fc.nat(20) }),
    fc.record({ op: fc.constant('complete' as const), job: fc.nat(20) }),
    fc.record({ op: fc.constant('reload' as const), tab: fc.nat(2) }),
    fc.record({ op: fc.constant('wait' as const), ms: fc.constantFrom(0, 1, 5, 50, 300) }),
  ),
  { minLength: 4, maxLength: 30 },
);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function run(tabCount: number, throttleMs: number, steps: Op[]): Promise<void> {
  const watch: StorageWatch = { tombstoned: new Map(), writes: 0 };
  const problems: string[] = [];
  const everRecorded = new Set<string>();
  const everStored = new Set<string>();
  const shared = createSharedStorage((key, previous, value) => {
    if (key !== KEY) return;
    problems.push(...checkStorageWrite(watch, previous, value, { now: Date.now(), ttlMs: 24 * 3_600_000, maxJobs: 200, mayBePruned: () => false }));
    const { state } = readStoredSlice(value);
    for (const id of Object.keys(state.downloadedJobIds)) everRecorded.add(id);
    for (const id of state.jobs.ids) everStored.add(id);
  });
  const transport = createMemoryTransport();
  const open = () => {
    const page = shared.page();
    const bundle = makeTestStore({ transport, storage: page.storage, tabs: false, persistThrottleMs: throttleMs, pollIntervalMs: 50 });
    return { ...bundle, kill: async () => (page.kill(), bundle.persistor?.pause(), await bundle.listeners()) };
  };
  const tabs = Array.from({ length: tabCount }, open);
  await jest.advanceTimersByTimeAsync(5);
  const started: string[] = [];
  for (const step of steps) {
    const at = 'tab' in step ? step.tab % tabs.length : 0;
    if (step.op === 'start') {
      const result = await awaitOnFakeTimers(tabs[at]!.store.dispatch(startExport({ scope: 'p' })));
      if (startExport.fulfilled.match(result)) started.push(result.payload.id);
    } else if (step.op === 'dismiss') {
      const known = tabs[at]!.store.getState().exports.jobs.ids;
      const id = known[step.job % Math.max(known.length, 1)];
      if (id !== undefined) tabs[at]!.store.dispatch(jobDismissed({ id }));
    } else if (step.op === 'complete' && started.length > 0) {
      transport.server.complete(started[step.job % started.length]!);
    } else if (step.op === 'reload') {
      await tabs[at]!.kill();
      tabs[at] = open();
      await jest.advanceTimersByTimeAsync(2);
    } else if (step.op === 'wait') {
      await jest.advanceTimersByTimeAsync(step.ms);
    }
  }
  await jest.advanceTimersByTimeAsync(1_000);
  for (const tab of tabs) await tab.dispose();
  const fresh = open();
  await jest.advanceTimersByTimeAsync(5);
  const state = fresh.store.getState().exports;
  // A tab killed in the tick of a click never wrote it: what counts is what reached storage.
  for (const id of started.filter((id) => everStored.has(id) || watch.tombstoned.has(id))) {
    if (watch.tombstoned.has(id)) {
      if (state.jobs.entities[id]) problems.push(`after rehydrate: job ${id}, dismissed, is back`);
    } else if (!state.jobs.entities[id]) problems.push(`after rehydrate: job ${id}, started, is missing`);
  }
  for (const id of everRecorded) {
    if (state.jobs.entities[id] && !state.downloadedJobIds[id]) problems.push(`after rehydrate: job ${id} lost its download record`);
  }
  await fresh.dispose();
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

test(`tabs without BroadcastChannel or Web Locks, one storage, writes in any order: nothing started is lost, nothing dismissed comes back, no record goes (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 2, max: 3 }), fc.constantFrom(0, 20, 200), ops, (tabCount, throttleMs, steps) => run(tabCount, throttleMs, steps)),
    { numRuns: RUNS },
  );
}, 120_000);
