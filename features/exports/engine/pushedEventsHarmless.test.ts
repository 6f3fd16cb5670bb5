/**
 * Whatever a push channel reports, the engine downloads at most once: it
 * claims before it downloads (docs/design.md#claim-protocol) and terminal
 * states absorb late events. Shown here with a raw `subscribe` that does no
 * de-duplication of its own, unlike the adapters in push/.
 */
import { cancelRequested } from '../model/exportsSlice';
import type { JobEvent, JobSnapshot } from '../model/types';
import { makeTestStore, settle, startJob } from '../testSupport/testStore';

const done = (id: string): JobEvent => ({ type: 'completed', job: { id, scope: null, status: 'completed', progress: 100 } });

/** A push channel the test drives by hand; it never ends on its own. */
function rawPush() {
  const listeners = new Map<string, (e: JobEvent) => void>();
  return {
    subscribe: (id: string, onEvent: (e: JobEvent) => void) => void listeners.set(id, onEvent),
    send: (id: string, event: JobEvent) => listeners.get(id)?.(event),
  };
}

test('a completion pushed three times, then a late progress: one download, and the job stays completed', async () => {
  const t = makeTestStore({ pollIntervalMs: 60_000 });
  const push = rawPush();
  t.transport.subscribe = push.subscribe;
  const id = await startJob(t);
  t.transport.server.complete(id);
  for (let i = 0; i < 3; i++) push.send(id, done(id));
  push.send(id, { type: 'progress', job: { id, scope: null, status: 'running', progress: 20 } as JobSnapshot });
  await settle(20);
  expect(t.transport.downloads.count(id)).toBe(1);
  expect(t.store.getState().exports.jobs.entities[id]).toMatchObject({ status: 'completed', progress: 100 });
  await t.dispose();
});

test('cancelled, then a late completion pushed: no download', async () => {
  const t = makeTestStore({ pollIntervalMs: 60_000 });
  const push = rawPush();
  t.transport.subscribe = push.subscribe;
  const id = await startJob(t);
  t.store.dispatch(cancelRequested({ id }));
  await settle(20);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('cancelled');
  t.transport.server.complete(id);
  push.send(id, done(id));
  await settle(20);
  expect(t.transport.downloads.count(id)).toBe(0);
  expect(t.store.getState().exports.jobs.entities[id]?.status).toBe('cancelled');
  await t.dispose();
});
