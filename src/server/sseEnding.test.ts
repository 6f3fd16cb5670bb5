import { request as httpRequest } from 'node:http';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { api, waitForStatus } from './testHelpers';

let server: ExportServer;
let base: string;

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 2_000, maxActivePerClient: 100 });
  ({ url: base } = await server.listen(0));
});

afterAll(async () => {
  await server.close({ graceMs: 100 });
});

/** A raw request: status, headers and the whole body, or `timeout` if it does not end in time. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string } | 'timeout'>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: opts.method ?? 'GET', headers: opts.headers ?? {}, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('timeout');
    }, opts.timeoutMs ?? 1_000);
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

describe('how an event stream ends', () => {
  test('HEAD of a running job\'s events answers the SSE headers at once, with no body', async () => {
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
    const r = await raw(`/api/exports/${job.id}/events`, { method: 'HEAD' });
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(r.body).toBe('');
    expect((await raw(`/api/exports/AAAAAAAAAAAAAAAAAAAAAA/events`, { method: 'HEAD' }) as { status: number }).status).toBe(404);
    await api(base, 'POST', `/api/exports/${job.id}/cancel`);
  });

  test('Connection: close gets the backlog of a running job, then the stream ends', async () => {
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
    const r = await raw(`/api/exports/${job.id}/events`, { headers: { Connection: 'close' } });
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(200);
    expect(r.headers.connection).toBe('close');
    expect(r.body).toContain('event: progress');
    expect(r.body).not.toContain('event: completed');
    await api(base, 'POST', `/api/exports/${job.id}/cancel`);
  });

  test('without Connection: close the stream of a running job stays open', async () => {
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
    expect(await raw(`/api/exports/${job.id}/events`, { timeoutMs: 300, headers: { Connection: 'keep-alive' } })).toBe('timeout');
    await api(base, 'POST', `/api/exports/${job.id}/cancel`);
  });

  test('resumed past the terminal event: 204, no body (HEAD too)', async () => {
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
    await api(base, 'POST', `/api/exports/${job.id}/cancel`);
    await waitForStatus(base, job.id);
    const all = await raw(`/api/exports/${job.id}/events`);
    if (all === 'timeout') throw new Error('the stream of a cancelled job did not end');
    const lastId = Math.max(...[...all.body.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])));
    for (const method of ['GET', 'HEAD']) {
      const r = await raw(`/api/exports/${job.id}/events`, { method, headers: { 'Last-Event-ID': String(lastId) } });
      expect(r).not.toBe('timeout');
      if (r === 'timeout') return;
      expect(r.status).toBe(204);
      expect(r.body).toBe('');
    }
  });
});
