/**
 * Bad storage never breaks the app: garbage, wrong types, a future version,
 * a huge value, throwing reads and writes. The store boots with a valid
 * state, one warning goes to onError, and the next good write repairs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobCompleted } from '../model/exportsSlice';
import { startExport } from '../engine/startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { makeTestStore } from '../testSupport/testStore';
import type { PersistStorageLike } from './safeStorage';
import { createMemoryStorage } from './memoryStorage';
import { createSharedStorage } from '../testSupport/reloadHarness';
import { sanitizeExportsState } from './sanitizeExportsState';

const KEY = 'persist:redux-export-jobs';
const NOW = Date.UTC(2026, 10, 29, 12);

/** A memory storage that already holds `initial` under the slice's key. */
function mapStorage(initial?: string): ReturnType<typeof createMemoryStorage> {
  const storage = createMemoryStorage();
  if (initial !== undefined) storage.data.set(KEY, initial);
  return storage;
}

/** What the stored value says, read the way a reload would. */
function storedJobs(value: string | undefined): string[] {
  const outer = JSON.parse(value ?? '{}') as { jobs?: string };
  const { state } = sanitizeExportsState({ jobs: JSON.parse(outer.jobs ?? '{}') });
  return state.jobs.ids.map(String);
}

async function bootWith(storage: PersistStorageLike) {
  const t = makeTestStore({ storage, now: () => NOW, persistThrottleMs: 10 });
  await t.ready;
  return t;
}

async function startOne(t: Awaited<ReturnType<typeof bootWith>>): Promise<string> {
  const { payload } = await t.store.dispatch(startExport({ scope: 'after' }));
  await t.persistor?.flush();
  return (payload as { id: string }).id;
}

const job = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  scope: 'p',
  status: 'completed',
  progress: 100,
  warnings: [],
  autoDownload: true,
  createdAt: NOW - 1_000,
  updatedAt: NOW - 1_000,
  completedAt: NOW - 1_000,
  ...extra,
});
const stored = (jobs: Record<string, unknown>, records: Record<string, unknown> = {}, version = 1): string =>
  JSON.stringify({
    jobs: JSON.stringify({ ids: Object.keys(jobs), entities: jobs }),
    downloadedJobIds: JSON.stringify(records),
    _persist: JSON.stringify({ version, rehydrated: true }),
  });

const cases: Array<[string, string, string]> = [
  ['garbage JSON', '{"jobs": not json', 'storage_corrupt'],
  ['a JSON null', 'null', 'storage_invalid'],
  ['wrong types', stored({ a: job('a', { progress: 'lots', status: 'exploded' }), b: job('b') }, { a: { status: 'done' }, ghost: { status: 'done', claimId: 'c', trigger: 'auto', claimedAt: 1, attempts: 1 } }), 'storage_invalid'],
  ['a future version', stored({ a: job('a') }, {}, 99), 'storage_version'],
  ['a huge value', 'x'.repeat(6_000_000), 'storage_too_large'],
  ['prototype-pollution keys', '{"__proto__":{"polluted":true},"jobs":"{\\"ids\\":[\\"__proto__\\"],\\"entities\\":{\\"__proto__\\":{\\"id\\":\\"__proto__\\"}}}","_persist":"{\\"version\\":1}"}', 'storage_invalid'],
];

test.each(cases)('%s: the app boots with a valid state, one warning is given, and the next write repairs storage', async (_name, value, code) => {
  const storage = mapStorage(value);
  const t = await bootWith(storage);
  const state = t.store.getState().exports;
  expect(sanitizeExportsState(state).dropped).toBe(0);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const warnings = t.errors.filter((e) => e.phase === 'persist').map((e) => (e.error as { code: string }).code);
  expect(warnings).toEqual([code]);
  const id = await startOne(t);
  expect(storedJobs(storage.data.get(KEY))).toContain(id);
  await t.dispose();
});

test('wrong types: the valid entries are kept, the invalid ones and orphan records dropped', async () => {
  const t = await bootWith(mapStorage(stored({ a: job('a', { progress: 'lots' }), b: job('b'), c: job('c', { id: 'not-c' }) }, { b: { status: 'done', claimId: 'x', trigger: 'auto', claimedAt: 1, attempts: 1 }, ghost: { status: 'done', claimId: 'c', trigger: 'auto', claimedAt: 1, attempts: 1 } })));
  expect(t.store.getState().exports.jobs.ids).toEqual(['b']);
  expect(Object.keys(t.store.getState().exports.downloadedJobIds)).toEqual(['b']);
  await t.dispose();
});

test('unknown keys (a token, a signed URL) are never read back into state', async () => {
  const t = await bootWith(mapStorage(stored({ a: job('a', { token: 'secret', url: 'https://x/file?sig=1' }) })));
  expect(t.store.getState().exports.jobs.entities.a).not.toHaveProperty('token');
  expect(t.store.getState().exports.jobs.entities.a).not.toHaveProperty('url');
  await t.dispose();
});

test('getItem throwing (storage disabled): boots empty, one warning, and works in memory', async () => {
  const storage: PersistStorageLike = {
    getItem: () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
    setItem: () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
    removeItem: () => undefined,
  };
  const t = await bootWith(storage);
  expect(t.store.getState().exports.jobs.ids).toEqual([]);
  await startOne(t);
  await startOne(t);
  const codes = t.errors.filter((e) => e.phase === 'persist').map((e) => (e.error as { code: string }).code);
  expect(codes).toEqual(['storage_read', 'storage_write']);
  expect(t.store.getState().exports.jobs.ids).toHaveLength(2);
  await t.dispose();
});

test('a quota error: the oldest finished jobs are dropped from storage and the write is tried once more', async () => {
  const data = new Map<string, string>();
  let limit = Infinity;
  const storage: PersistStorageLike = {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > limit) throw new DOMException('quota', 'QuotaExceededError');
      data.set(key, value);
    },
    removeItem: (key) => void data.delete(key),
  };
  const jobs: Record<string, unknown> = {};
  const records: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) {
    jobs[`old-${i}`] = job(`old-${i}`, { completedAt: NOW - 100_000 + i, label: 'x'.repeat(200) });
    records[`old-${i}`] = { status: 'done', claimId: `c${i}`, trigger: 'auto', claimedAt: NOW - 100_000, attempts: 1 };
  }
  data.set(KEY, stored(jobs, records));
  const t = await bootWith(storage);
  limit = (data.get(KEY)?.length ?? 0) - 1_000;
  const id = await startOne(t);
  const kept = storedJobs(data.get(KEY));
  expect(kept).toContain(id);
  expect(kept).not.toContain('old-0');
  expect(kept.length).toBeLessThan(41);
  expect(t.errors.map((e) => (e.error as { code: string }).code)).toEqual(['storage_quota']);
  // The state itself keeps every job for this page.
  expect(t.store.getState().exports.jobs.ids).toHaveLength(41);
  await t.dispose();
});

test('the version-0 fixture migrates: ids, scopes, statuses and downloaded marks carried over', async () => {
  const fixture = readFileSync(join(__dirname, 'fixtures', 'v0-state.json'), 'utf8');
  const t = makeTestStore({ storage: mapStorage(fixture), now: () => 1795900300000, transport: createMemoryTransport() });
  await t.ready;
  const { jobs, downloadedJobIds } = t.store.getState().exports;
  expect(jobs.entities['9c6760f0-1da7-478f-8ea4-b0c928c2f026']).toMatchObject({ scope: 'project-7', status: 'completed', fileName: 'project-7-coco.zip', completedAt: 1795900060000 });
  // The server's packing phase was stored as "downloading": it is a running job at stage "packing" (row 6).
  expect(jobs.entities['0b4f2c1e-7a1d-4c55-9f0e-2d8e7b6a5c41']).toMatchObject({ status: 'running', stage: 'packing', progress: 92 });
  expect(jobs.entities['e1d2c3b4-0000-4000-8000-000000000001']).toMatchObject({ status: 'failed', scope: 'project-9' });
  expect(downloadedJobIds).toEqual({
    '9c6760f0-1da7-478f-8ea4-b0c928c2f026': expect.objectContaining({ status: 'done', trigger: 'auto' }),
  });
  // Already downloaded under v0: not downloaded again.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(t.transport.calls.count('download')).toBe(0);
  // This memory server never heard of the running job: it answers 404, so the job ends as expired.
  expect(jobs.entities['0b4f2c1e-7a1d-4c55-9f0e-2d8e7b6a5c41']).toBeDefined();
  expect(t.store.getState().exports.jobs.entities['0b4f2c1e-7a1d-4c55-9f0e-2d8e7b6a5c41']?.status).toBe('expired');
  expect(t.errors).toEqual([]);
  await t.dispose();
});

test('harness find #2: storage disabled when a job completes, back later, then a reload: never a second automatic download', async () => {
  const shared = createSharedStorage();
  const { storage } = shared.page();
  const transport = createMemoryTransport();
  const first = makeTestStore({ storage, transport, persistThrottleMs: 10 });
  await first.ready;
  const { payload } = await first.store.dispatch(startExport({ scope: 'p' }));
  const id = (payload as { id: string }).id;
  await first.persistor?.flush(); // the running job is on disk
  shared.mode = 'disabled';
  transport.server.complete(id);
  first.store.dispatch(jobCompleted({ id }));
  await new Promise((resolve) => setTimeout(resolve, 20));
  // The claim could not be saved and the old value could not be removed: no automatic download.
  expect(transport.downloads.count(id)).toBe(0);
  expect(first.store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'failed', error: { code: 'not_saved' } });
  shared.mode = 'ok';
  await first.listeners();
  const second = makeTestStore({ storage, transport });
  await second.ready;
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(transport.downloads.count(id)).toBeLessThanOrEqual(1);
  await second.dispose();
});

test('a storage that works again is repaired by the next write', async () => {
  const shared = createSharedStorage();
  const { data } = shared;
  shared.mode = 'quota';
  const { storage } = shared.page();
  const t = makeTestStore({ storage, persistThrottleMs: 10 });
  await t.ready;
  const first = await startOne(t as never);
  expect(data.get(KEY)).toBeUndefined();
  shared.mode = 'ok';
  const second = await startOne(t as never);
  expect(storedJobs(data.get(KEY))).toEqual(expect.arrayContaining([first, second]));
  await t.dispose();
});
