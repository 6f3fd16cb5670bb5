/**
 * Storage fails closed (docs/failure-modes.md row 16): what the library
 * writes it reads back, and a job whose download record cannot be read is
 * never downloaded automatically again; it is offered "Download again".
 */
import { ExportError } from '../errors/ExportError';
import { startExport } from '../engine/startExport';
import { jobCompleted } from '../model/exportsSlice';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { createMemoryStorage } from './memoryStorage';
import { createSharedStorage, openPage } from '../testSupport/reloadHarness';
import { makeTestStore, settle } from '../testSupport/testStore';

const KEY = 'persist:redux-export-jobs';
const NOW = Date.UTC(2026, 11, 2, 12);

const completedJob = (id: string) => ({
  id,
  scope: 'p',
  status: 'completed',
  progress: 100,
  warnings: [],
  autoDownload: true,
  createdAt: NOW - 1_000,
  updatedAt: NOW - 1_000,
  completedAt: NOW - 1_000,
});
const storedValue = (jobs: Record<string, unknown>, records: unknown) =>
  JSON.stringify({
    jobs: JSON.stringify({ ids: Object.keys(jobs), entities: jobs }),
    downloadedJobIds: JSON.stringify(records),
    _persist: JSON.stringify({ version: 1, rehydrated: true }),
  });

async function bootOver(value: string) {
  const storage = createMemoryStorage();
  storage.data.set(KEY, value);
  const transport = createMemoryTransport();
  const t = makeTestStore({ storage, transport, now: () => NOW, persistThrottleMs: 10 });
  await t.ready;
  await settle();
  return t;
}

const warningsOf = (t: { errors: Array<{ error: unknown; phase: string }> }) =>
  t.errors.filter((e) => e.phase === 'persist').map((e) => (e.error as { code: string }).code);

test('a 116-character error code the library stored is read back: one download call over three reloads, not one per reload', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const first = await openPage(shared, transport);
  const result = await first.store.dispatch(startExport({ scope: 'p' }));
  const id = (result.payload as { id: string }).id;
  transport.server.complete(id);
  transport.server.failNext('download', new ExportError('x'.repeat(116), 'A custom transport forwarded a long code'), 10);
  first.store.dispatch(jobCompleted({ id }));
  await settle();
  expect(first.store.getState().exports.downloadedJobIds[id]?.status).toBe('failed');
  await first.persistor?.flush();
  await first.kill();
  for (let reload = 0; reload < 3; reload++) {
    const page = await openPage(shared, transport);
    await settle();
    expect(page.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed' });
    await page.kill();
  }
  expect(transport.calls.count('download', id)).toBe(1);
});

test.each([
  ['attempts as a string', { attempts: '1' }],
  ['a status this version does not know', { status: 'teleported' }],
])('a stored record with one bad field (%s): the job comes back with "Download again", and is not downloaded automatically', async (_name, bad) => {
  const record = { status: 'done', claimId: 'c1', trigger: 'auto', claimedAt: NOW - 900, attempts: 1, settledAt: NOW - 800, ...bad };
  const t = await bootOver(storedValue({ a: completedJob('a') }, { a: record }));
  expect(t.store.getState().exports.jobs.ids).toEqual(['a']);
  expect(t.store.getState().exports.downloadedJobIds.a).toMatchObject({ status: 'failed', error: { code: 'record_unreadable' } });
  expect(t.transport.calls.count('download')).toBe(0);
  expect(warningsOf(t)).toEqual(['storage_invalid']);
  await t.dispose();
});

test('a scope of 608 characters from the caller is clipped on the way in, and the job survives a reload', async () => {
  const shared = createSharedStorage();
  const transport = createMemoryTransport();
  const first = await openPage(shared, transport);
  const result = await first.store.dispatch(startExport({ scope: 's'.repeat(608) }));
  const id = (result.payload as { id: string }).id;
  await first.persistor?.flush();
  await first.kill();
  const second = await openPage(shared, transport);
  expect(second.store.getState().exports.jobs.entities[id]?.scope).toBe('s'.repeat(500));
  await second.kill();
});

test.each([
  ['jobs is a number', JSON.stringify({ jobs: '5', downloadedJobIds: '{}', _persist: JSON.stringify({ version: 1 }) })],
  ['downloadedJobIds is an array', JSON.stringify({ jobs: JSON.stringify({ ids: [], entities: {} }), downloadedJobIds: '[]', _persist: JSON.stringify({ version: 1 }) })],
])('wrong types at the top (%s): a valid empty state, and exactly one warning', async (_name, value) => {
  const t = await bootOver(value);
  expect(t.store.getState().exports.jobs.ids).toEqual([]);
  expect(warningsOf(t)).toEqual(['storage_invalid']);
  await t.dispose();
});
