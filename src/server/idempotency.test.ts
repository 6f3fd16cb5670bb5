import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { api } from './testHelpers';

let server: ExportServer;
let base: string;
let clock = Date.now();

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 5_000, maxActivePerClient: 1_000, maxIdempotencyKeys: 5, now: () => clock });
  ({ url: base } = await server.listen(0));
});

afterAll(async () => {
  await server.close({ graceMs: 100 });
});

const body = { scope: 'idem', params: { size: 100 } };
const start = (key: string | undefined, b: unknown = body) => api(base, 'POST', '/api/exports', b, key === undefined ? {} : { 'Idempotency-Key': key });

describe('Idempotency-Key on POST /api/exports', () => {
  test('two POSTs with one key answer the same job, and the server holds one job', async () => {
    const before = await server.store.count();
    const first = await start('order-1');
    const second = await start('order-1');
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.json.job.id).toBe(first.json.job.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await server.store.count()).toBe(before + 1);
  });

  test('two keys make two jobs', async () => {
    const before = await server.store.count();
    const a = await start('order-2a');
    const b = await start('order-2b');
    expect(a.json.job.id).not.toBe(b.json.job.id);
    expect(await server.store.count()).toBe(before + 2);
  });

  test('concurrent POSTs with one key make one job', async () => {
    const before = await server.store.count();
    const all = await Promise.all([1, 2, 3, 4].map(() => start('order-3')));
    expect(new Set(all.map((r) => r.json.job.id)).size).toBe(1);
    expect(all.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(await server.store.count()).toBe(before + 1);
  });

  test('the same key with another body -> 422 idempotency_key_reused (key order does not matter)', async () => {
    await start('order-4');
    expect((await start('order-4', { params: { size: 100 }, scope: 'idem' })).status).toBe(202);
    const r = await start('order-4', { ...body, scope: 'other' });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('idempotency_key_reused');
  });

  test.each([[''], ['x'.repeat(201)], ['has space'], ['semi;colon'], ['ünï']])('a malformed key %j -> 400', async (key) => {
    const r = await api(base, 'POST', '/api/exports', body, { 'Idempotency-Key': key });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('bad_request');
  });

  test('a key is forgotten after 24 h, and the oldest keys go beyond the count bound', async () => {
    const first = await start('order-5');
    clock += 24 * 60 * 60 * 1000;
    const later = await start('order-5');
    expect(later.json.job.id).not.toBe(first.json.job.id);

    const a = await start('order-6');
    for (let i = 0; i < 5; i++) await start(`filler-${i}`); // the bound is 5 keys
    expect((await start('order-6')).json.job.id).not.toBe(a.json.job.id);
  });

  test('a key is per client: another client with the same key gets its own job', async () => {
    const custom = createExportServer({ stageDelayMs: 5_000, clientIdentity: (request) => String(request.headers['x-tenant'] ?? 'none') });
    const { url } = await custom.listen(0);
    try {
      const a = await api(url, 'POST', '/api/exports', body, { 'Idempotency-Key': 'k', 'X-Tenant': 'a' });
      const b = await api(url, 'POST', '/api/exports', body, { 'Idempotency-Key': 'k', 'X-Tenant': 'b' });
      expect(a.json.job.id).not.toBe(b.json.job.id);
    } finally {
      await custom.close({ graceMs: 100 });
    }
  });
});
