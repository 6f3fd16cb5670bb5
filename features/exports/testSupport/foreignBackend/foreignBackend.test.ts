/**
 * The foreign backend's API as a client sees it (issue 15's routes), so the
 * browser suite stands on a server that behaves as described: Bearer
 * required, a refresh that can be revoked, a real ZIP with a name, the
 * history of a project, and its Socket.IO events.
 */
import { io } from 'socket.io-client';
import { createForeignBackend } from './createForeignBackend';
import type { ForeignBackend } from './createForeignBackend';

let server: ForeignBackend;
let base = '';
beforeAll(async () => {
  server = createForeignBackend({ stepMs: 20, steps: 2 });
  base = await server.listen();
});
afterAll(() => server.close());

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
const options = { options: { annotationFormats: ['coco'], metricsFormats: ['csv'], includeOriginalImages: true } };

test('start, status, Socket.IO events, history and a ZIP download, Bearer required throughout', async () => {
  const { accessToken } = (await (await post('/api/auth/login', {})).json()) as { accessToken: string };
  const socket = io(base, { transports: ['websocket'], reconnection: false });
  const events: string[] = [];
  socket.onAny((name: string) => events.push(name));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  try {
    expect((await post('/api/projects/p1/export', options)).status).toBe(401);
    const { jobId } = (await (await post('/api/projects/p1/export', options, accessToken)).json()) as { jobId: string };
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(`/api/projects/p1/export/${jobId}/download`, accessToken)).status).toBe(409);
    for (let i = 0; i < 100 && !events.includes('export:completed'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['export:progress', 'export:completed']);
    expect(await (await get(`/api/projects/p1/export/${jobId}/status`, accessToken)).json()).toEqual({ status: 'completed', progress: 100, message: 'Export ready' });
    expect((await get(`/api/projects/p1/export/${jobId}/download`)).status).toBe(401);
    const file = await get(`/api/projects/p1/export/${jobId}/download`, accessToken);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="p1-export-${jobId.slice(0, 8)}.zip"`);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const history = (await (await get('/api/projects/p1/export/history', accessToken)).json()) as Array<{ jobId: string; status: string }>;
    expect(history.map((e) => [e.jobId, e.status])).toEqual([[jobId, 'completed']]);
    expect((await get(`/api/projects/other/export/${jobId}/status`, accessToken)).status).toBe(404);
  } finally {
    socket.close();
  }
});

test('tokens expire; refresh renews them until it is revoked', async () => {
  server.auth.setTokenTtl(30);
  const { accessToken, refreshToken } = (await (await post('/api/auth/login', {})).json()) as { accessToken: string; refreshToken: string };
  server.auth.setTokenTtl(60_000);
  await new Promise((r) => setTimeout(r, 60));
  expect((await get('/api/projects/p1/export/history', accessToken)).status).toBe(401);
  const renewed = (await (await post('/api/auth/refresh', { refreshToken })).json()) as { accessToken: string };
  expect((await get('/api/projects/p1/export/history', renewed.accessToken)).status).toBe(200);
  server.auth.revokeRefresh();
  expect((await post('/api/auth/refresh', { refreshToken })).status).toBe(401);
  server.auth.allowRefresh();
});

test('cancel stops the job: cancelled, and its file is never served', async () => {
  const slow = createForeignBackend({ stepMs: 5_000 });
  const slowBase = await slow.listen();
  try {
    const { accessToken: token } = (await (await fetch(`${slowBase}/api/auth/login`, { method: 'POST' })).json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const { jobId } = (await (await fetch(`${slowBase}/api/projects/p/export`, { method: 'POST', headers, body: JSON.stringify(options) })).json()) as { jobId: string };
    const cancelled = await fetch(`${slowBase}/api/projects/p/export/${jobId}/cancel`, { method: 'POST', headers, body: '{}' });
    expect(await cancelled.json()).toMatchObject({ success: true, status: 'cancelled' });
    expect((await fetch(`${slowBase}/api/projects/p/export/${jobId}/download`, { headers })).status).toBe(409);
  } finally {
    await slow.close();
  }
});
