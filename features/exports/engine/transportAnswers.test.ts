/**
 * Example tests for failures the reliability harness found (features/exports/reliability).
 * Each pins one, so it cannot come back unnoticed.
 */
import { jobCompleted } from '../model/exportsSlice';
import { sanitizeExportsState } from '../persistence/sanitizeExportsState';
import { startExport } from './startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { makeTestStore, settle } from '../testSupport/testStore';

test('harness find #1: a start answer with wrong types ({ size: null, status: 42 }) is refused, not stored', async () => {
  const memory = createMemoryTransport();
  const t = makeTestStore({
    transport: { ...memory, start: async (req, signal) => ({ ...(await memory.start(req, signal)), size: null, status: 42, warnings: 'nope' }) as never },
  });
  const result = await t.store.dispatch(startExport({ scope: 'p' }));
  expect(startExport.rejected.match(result)).toBe(true);
  expect(result.payload).toMatchObject({ code: 'invalid_response' });
  expect(t.store.getState().exports.jobs.ids).toEqual([]);
  await t.dispose();
});

test('harness find #1, status side: a garbage status answer never reaches the state', async () => {
  const memory = createMemoryTransport();
  const t = makeTestStore({ transport: { ...memory, getStatus: async (id) => ({ id, status: 'running', progress: 'half', scope: {} }) as never }, pollIntervalMs: 5 });
  const result = await t.store.dispatch(startExport({ scope: 'p' }));
  const id = (result.payload as { id: string }).id;
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(sanitizeExportsState(JSON.parse(JSON.stringify(t.store.getState().exports))).dropped).toBe(0);
  expect(t.errors.some((e) => (e.error as { code?: string }).code === 'invalid_response')).toBe(true);
  memory.server.complete(id);
  t.store.dispatch(jobCompleted({ id }));
  await settle();
  expect(memory.downloads.count(id)).toBe(1);
  await t.dispose();
});

test('long server texts are cut to what storage keeps, so the job survives a reload', async () => {
  const memory = createMemoryTransport();
  const t = makeTestStore({
    transport: { ...memory, start: async (req, signal) => ({ ...(await memory.start(req, signal)), message: 'm'.repeat(5_000), warnings: Array(80).fill('w') }) },
  });
  const result = await t.store.dispatch(startExport({ scope: 'p', label: 'l'.repeat(2_000) }));
  const job = t.store.getState().exports.jobs.entities[(result.payload as { id: string }).id];
  expect(job?.label).toHaveLength(500);
  expect(job?.message).toHaveLength(1_000);
  expect(job?.warnings).toHaveLength(50);
  expect(sanitizeExportsState(JSON.parse(JSON.stringify(t.store.getState().exports))).dropped).toBe(0);
  await t.dispose();
});
