/**
 * The watch leader (`watchLeader.ts`, docs/design.md#tabs) through the
 * coordinator, its channel routing included: tabs are coordinators over one
 * in-memory lock manager and one in-memory channel hub. The tests of stores
 * sharing the watching are in `tabCoordination.test.ts`.
 */
import type { JobSnapshot } from '../model/types';
import { createMemoryChannelHub } from '../testSupport/memoryChannel';
import { createMemoryLocks } from '../testSupport/memoryLocks';
import { createTabCoordinator } from './createTabCoordinator';

const snapshot = (id: string, progress: number): JobSnapshot => ({ id, scope: null, status: 'running', progress });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Tabs over fresh locks and a fresh hub; `watch` records what each tab was asked to watch. */
function browser() {
  const hub = createMemoryChannelHub();
  const locks = createMemoryLocks();
  let tabs = 0;
  const open = () => {
    const owner = ++tabs;
    return createTabCoordinator({ locks, storage: { getItem: () => null, setItem: () => undefined }, channel: (name) => hub.open(name, owner) });
  };
  return { hub, locks, open };
}

/** A `watch` that runs until its signal aborts, handing out its `publish`. */
function watcher() {
  const state: { publish?: (snapshot: JobSnapshot) => void; runs: number } = { runs: 0 };
  const watch = (signal: AbortSignal, publish: (snapshot: JobSnapshot) => void) => {
    state.runs += 1;
    state.publish = publish;
    return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  };
  return { state, watch };
}

test('one tab watches a job for all: the other follows what it publishes, and a follower of another job hears nothing', async () => {
  const { hub, open } = browser();
  const [a, b, c] = [open(), open(), open()];
  const stops = [new AbortController(), new AbortController(), new AbortController(), new AbortController()];
  const [leader, follower, otherLeader, otherFollower] = [watcher(), watcher(), watcher(), watcher()];
  const followed: JobSnapshot[] = [];
  const heardOfOther: JobSnapshot[] = [];
  const runs = [a.lead!('j1', stops[0]!.signal, leader.watch, () => undefined), c.lead!('j2', stops[2]!.signal, otherLeader.watch, () => undefined)];
  await tick();
  runs.push(b.lead!('j1', stops[1]!.signal, follower.watch, (s) => followed.push(s)));
  runs.push(b.lead!('j2', stops[3]!.signal, otherFollower.watch, (s) => heardOfOther.push(s)));
  await tick();
  leader.state.publish!(snapshot('j1', 30));
  leader.state.publish!(snapshot('j1', 60));
  await tick();
  expect(followed).toEqual([snapshot('j1', 30), snapshot('j1', 60)]);
  expect(heardOfOther).toEqual([]);
  expect([leader, follower, otherLeader, otherFollower].map((w) => w.state.runs)).toEqual([1, 0, 1, 0]);
  expect(hub.errors).toEqual([]);
  stops.forEach((stop) => stop.abort());
  await Promise.allSettled(runs);
  [a, b, c].forEach((tab) => tab.close!());
});

test('the leader stops: a follower takes the monitor lock and watches', async () => {
  const { locks, open } = browser();
  const [a, b] = [open(), open()];
  const [stopA, stopB] = [new AbortController(), new AbortController()];
  const [first, second] = [watcher(), watcher()];
  const leading = a.lead!('j1', stopA.signal, first.watch, () => undefined);
  await tick();
  const following = b.lead!('j1', stopB.signal, second.watch, () => undefined);
  await tick();
  expect(second.state.runs).toBe(0);
  stopA.abort();
  await leading;
  await tick();
  expect(second.state.runs).toBe(1);
  expect(locks.held()).toEqual(['redux-export-jobs:downloads:monitor:j1']);
  stopB.abort();
  await following;
  expect(locks.held()).toEqual([]);
  [a, b].forEach((tab) => tab.close!());
});

test('after close, a tab watches for itself: no lock, nothing published', async () => {
  const { hub, locks, open } = browser();
  const a = open();
  a.close!();
  const stop = new AbortController();
  const alone = watcher();
  const watching = a.lead!('j1', stop.signal, alone.watch, () => undefined);
  expect(alone.state.runs).toBe(1);
  expect(locks.held()).toEqual([]);
  alone.state.publish!(snapshot('j1', 10));
  expect(hub.posted()).toBe(0);
  stop.abort();
  await watching;
});

test('the leader hands over only once the final status is where the next watcher looks first: no second watch at completion', async () => {
  const hub = createMemoryChannelHub();
  const locks = createMemoryLocks();
  const shared = new Map<string, string>(); // localStorage, shared by the tabs
  const storage = { getItem: (k: string) => shared.get(k) ?? null, setItem: (k: string, v: string) => void shared.set(k, v) };
  const [a, b] = [1, 2].map((owner) => createTabCoordinator({ locks, storage, channel: (name) => hub.open(name, owner) }));
  const followed: JobSnapshot[] = [];
  let secondRuns = 0;
  const stopB = new AbortController();
  // The leader learns the end, publishes it and returns at once: its lock is released before the broadcast arrives.
  const leading = a!.lead!('j1', new AbortController().signal, async (_signal, publish) => publish({ id: 'j1', scope: null, status: 'completed', progress: 100 }), () => undefined);
  const following = b!.lead!('j1', stopB.signal, async () => void (secondRuns += 1), (s) => followed.push(s));
  await leading;
  await following;
  expect(secondRuns).toBe(0);
  expect(followed.map((s) => s.status)).toContain('completed');
  [a, b].forEach((tab) => tab!.close!());
});
