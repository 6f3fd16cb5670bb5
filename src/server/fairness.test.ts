import { createExportServer } from './createExportServer';
import type { ExportServer, ExportServerOptions } from './createExportServer';
import { newJobId } from './ids';
import { api, waitForStatus } from './testHelpers';
import type { ServerJob } from './types';

const servers: ExportServer[] = [];
async function serve(options: ExportServerOptions): Promise<{ server: ExportServer; url: string }> {
  const server = createExportServer({ stageDelayMs: 5_000, ...options });
  servers.push(server);
  return { server, url: (await server.listen(0)).url };
}

afterAll(async () => {
  for (const s of servers) await s.close({ graceMs: 100 });
});

const big = { params: { size: 100 * 1024 * 1024, compress: false } };

function finishedJob(t: number, i: number): ServerJob {
  return {
    id: newJobId(),
    scope: `old-${i}`,
    status: 'completed',
    progress: 100,
    stage: 'done',
    fileName: 'old.zip',
    size: 10,
    warnings: [],
    createdAt: t - 10_000 + i,
    updatedAt: t - 5_000 + i,
    completedAt: t - 5_000 + i,
    deleteAt: t + 60 * 60 * 1000,
    clientId: `ip:client-${i}`,
    params: { size: 10, compress: true },
  };
}

describe('fairness a client cannot dodge', () => {
  test('rotating X-Client-Id does not bypass the per-client limit (identity is the remote address by default)', async () => {
    const { url } = await serve({ maxActivePerClient: 2 });
    const statuses: number[] = [];
    for (const id of ['one', 'two', 'three', 'four']) statuses.push((await api(url, 'POST', '/api/exports', big, { 'X-Client-Id': id })).status);
    expect(statuses).toEqual([202, 202, 429, 429]);
  });

  test('the per-client limit counts running exports, never finished ones', async () => {
    const { url } = await serve({ maxActivePerClient: 1, stageDelayMs: 0 });
    for (let i = 0; i < 3; i++) {
      const r = await api(url, 'POST', '/api/exports', { params: { size: 10 } });
      expect(r.status).toBe(202);
      await waitForStatus(url, r.json.job.id);
    }
  });

  test('1 000 finished jobs do not make the server answer 503: the oldest finished one makes room', async () => {
    const { server, url } = await serve({});
    const t = Date.now();
    const old = Array.from({ length: 1000 }, (_, i) => finishedJob(t, i));
    for (const job of old) await server.store.insert(job);
    const r = await api(url, 'POST', '/api/exports', { params: { size: 10 } });
    expect(r.status).toBe(202);
    expect(await server.store.count()).toBe(1000);
    expect((await api(url, 'GET', `/api/exports/${old[0]!.id}`)).status).toBe(410);
    expect((await api(url, 'GET', `/api/exports/${old[1]!.id}`)).status).toBe(200);
  });

  test('a server full of running jobs still answers 503', async () => {
    const { url } = await serve({ maxJobs: 2, clientIdentity: (request) => String(request.headers['x-tenant']) });
    expect((await api(url, 'POST', '/api/exports', big, { 'X-Tenant': 'a' })).status).toBe(202);
    expect((await api(url, 'POST', '/api/exports', big, { 'X-Tenant': 'b' })).status).toBe(202);
    const r = await api(url, 'POST', '/api/exports', big, { 'X-Tenant': 'c' });
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('busy');
  });

  test('bytes are bounded per client: running and stored exports count, other clients are not affected', async () => {
    const { url } = await serve({
      stageDelayMs: 0,
      maxBytesPerClient: 10_000,
      clientIdentity: (request) => String(request.headers['x-tenant']),
    });
    const small = { params: { size: 6_000, compress: false } };
    const first = await api(url, 'POST', '/api/exports', small, { 'X-Tenant': 'a' });
    expect(first.status).toBe(202);
    await waitForStatus(url, first.json.job.id);
    const second = await api(url, 'POST', '/api/exports', small, { 'X-Tenant': 'a' });
    expect(second.status).toBe(429);
    expect(second.json.error.code).toBe('too_much_data');
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await api(url, 'POST', '/api/exports', small, { 'X-Tenant': 'b' })).status).toBe(202);
  });

  test('one export is capped at 256 MiB by default, with a warning', async () => {
    const { url } = await serve({});
    const r = await api(url, 'POST', '/api/exports', { params: { size: 300 * 1024 * 1024, compress: false } });
    expect(r.status).toBe(202);
    expect(r.json.job.warnings).toContain(`size was capped at ${256 * 1024 * 1024} bytes`);
    await api(url, 'POST', `/api/exports/${r.json.job.id}/cancel`);
  });

  test('the clientIdentity hook decides who is who', async () => {
    const { url } = await serve({ maxActivePerClient: 1, clientIdentity: (request) => String(request.headers['x-tenant']) });
    expect((await api(url, 'POST', '/api/exports', big, { 'X-Tenant': 'a' })).status).toBe(202);
    expect((await api(url, 'POST', '/api/exports', big, { 'X-Tenant': 'a' })).status).toBe(429);
    expect((await api(url, 'POST', '/api/exports', big, { 'X-Tenant': 'b' })).status).toBe(202);
  });
});
