/**
 * The kit's own promises, against real HTTP servers on 127.0.0.1: a
 * misconfigured route is a compile error or one clear error at creation;
 * concurrent 401s share one refresh; auth headers never leave the API's
 * origin; status names outside the table are refused, not guessed.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRestTransport } from './createRestTransport';
import { mapStatus } from './mapStatus';
import type { RestTransportOptions } from './types';
import type { ExportJob } from '../model/types';

type Seen = { url: string; headers: IncomingHttpHeaders };
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const signal = () => new AbortController().signal;
const base: Omit<RestTransportOptions, 'start' | 'status'> = { readJob: (body) => ({ status: body.done ? 'completed' : 'running' }) };
const job = (id: string, scope: string | null): ExportJob => ({ id, scope, status: 'completed', progress: 100, warnings: [], autoDownload: true, createdAt: 0, updatedAt: 0 });

test('a route with a placeholder its operation cannot fill is one clear error when the transport is made', () => {
  expect(() => createRestTransport({ ...base, start: { route: 'POST /exports/{jobId}' }, status: 'GET /exports/{jobId}' })).toThrow(
    'createRestTransport: the start route "POST /exports/{jobId}" uses {jobId}, which start cannot fill; it has {scope}, {fileName}, {idempotencyKey} and the keys of the start params',
  );
  expect(() => createRestTransport({ ...base, start: { route: 'POST /exports' }, status: 'GET /projects/{projectId}/exports/{jobId}' })).toThrow(
    'the status route "GET /projects/{projectId}/exports/{jobId}" uses {projectId}, which status cannot fill; it has {jobId}, {scope}',
  );
  // @ts-expect-error a method the kit does not know is a compile error (and a creation error for untyped callers)
  expect(() => createRestTransport({ ...base, start: { route: 'FETCH /exports' }, status: 'GET /exports/{jobId}' })).toThrow('must read "METHOD /path"');
  // @ts-expect-error a path must start with '/'
  expect(() => createRestTransport({ ...base, start: { route: 'POST exports' }, status: 'GET /exports/{jobId}' })).toThrow('must read "METHOD /path"');
});

test('placeholders are filled from the job and the start params, URL-encoded', async () => {
  const api = await serve((req, res) => (req.method === 'POST' ? json(res, 200, { id: 'j/1' }) : json(res, 200, { done: false })));
  const transport = createRestTransport({
    ...base,
    baseUrl: api.url,
    start: { route: 'POST /orgs/{org}/projects/{scope}/export', read: (body) => ({ id: String(body.id), status: 'pending' }) },
    status: 'GET /projects/{scope}/export/{jobId}',
  });
  const started = await transport.start({ scope: 'p 1', params: { org: 'acme' } }, signal());
  expect(started).toMatchObject({ id: 'j/1', scope: 'p 1', status: 'pending' });
  await expect(transport.getStatus('j/1', signal(), { id: 'j/1', scope: 'p 1' })).resolves.toMatchObject({ id: 'j/1', status: 'running' });
  expect(api.seen.map((s) => s.url)).toEqual(['/orgs/acme/projects/p%201/export', '/projects/p%201/export/j%2F1']);
  await api.close();
});

test('three requests that meet a 401 at once share one refresh, then each is sent again once', async () => {
  let token = 'old';
  const api = await serve((req, res) => (req.headers.authorization === `Bearer ${token === 'old' ? 'never' : 'new'}` ? json(res, 200, { done: true }) : json(res, 401, {})));
  let refreshes = 0;
  const transport = createRestTransport({
    ...base,
    baseUrl: api.url,
    start: { route: 'POST /exports' },
    status: 'GET /exports/{jobId}',
    auth: {
      headers: () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 50));
        token = 'new';
        return true;
      },
    },
  });
  const answers = await Promise.all(['a', 'b', 'c'].map((id) => transport.getStatus(id, signal(), { id, scope: null })));
  expect(answers.map((a) => a.status)).toEqual(['completed', 'completed', 'completed']);
  expect(refreshes).toBe(1);
  expect(api.seen).toHaveLength(6);
  await api.close();
});

test('the auth headers go to the API origin only: a file on an allowed CDN origin is fetched without them', async () => {
  const cdn = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="../r.csv"' });
    res.end('a,b');
  });
  const api = await serve((_req, res) => json(res, 200, { done: true, file: `${cdn.url}/files/1` }));
  const saved: string[] = [];
  const transport = createRestTransport({
    baseUrl: api.url,
    start: { route: 'POST /exports' },
    status: 'GET /exports/{jobId}',
    readJob: (body) => ({ status: 'completed', fileUrl: String(body.file) }),
    download: { mode: 'blob' },
    allowedOrigins: [cdn.url],
    auth: { headers: () => ({ Authorization: 'Bearer secret' }) },
    saveFile: (_blob, name) => void saved.push(name),
  });
  await expect(transport.download(job('1', null), { signal: signal() })).resolves.toEqual({ delivery: 'saved' });
  expect(saved).toEqual(['_r.csv']);
  expect(api.seen[0]?.headers.authorization).toBe('Bearer secret');
  expect(cdn.seen[0]?.headers.authorization).toBeUndefined();
  await Promise.all([api.close(), cdn.close()]);
});

test('a file URL on an origin not allowed is refused, and nothing is handed over', async () => {
  const api = await serve((_req, res) => json(res, 200, { url: 'https://evil.example/f.zip' }));
  const opened: string[] = [];
  const transport = createRestTransport({
    ...base,
    baseUrl: api.url,
    start: { route: 'POST /exports' },
    status: 'GET /exports/{jobId}',
    download: { link: 'POST /exports/{jobId}/link' },
    openUrl: (url) => void opened.push(url),
  });
  await expect(transport.download(job('1', null), { signal: signal() })).rejects.toMatchObject({ code: 'invalid_response' });
  expect(opened).toEqual([]);
  await api.close();
});

test('a status name outside the table is an invalid_response naming it, not a guess', () => {
  const toStatus = mapStatus({ queued: 'pending', done: 'completed' });
  expect(toStatus('done')).toBe('completed');
  expect(() => toStatus('paused')).toThrow('Unknown export status "paused"; known: queued, done');
});

test("a push factory gets the kit's URLs and auth headers; its subscribe is the transport's", async () => {
  const subscribe = () => undefined;
  let made: { url: string; headers: Record<string, string> } | undefined;
  const transport = createRestTransport({
    ...base,
    baseUrl: 'https://api.example.com/v1/',
    start: { route: 'POST /exports' },
    status: 'GET /exports/{jobId}',
    auth: { headers: async () => ({ Authorization: 'Bearer t' }) },
    push: {
      create: (kit) => {
        void kit.headers().then((headers) => (made = { url: kit.url('/events'), headers }));
        return subscribe;
      },
    },
  });
  await new Promise((r) => setTimeout(r, 0));
  expect(transport.subscribe).toBe(subscribe);
  expect(made).toEqual({ url: 'https://api.example.com/v1/events', headers: { Authorization: 'Bearer t' } });
  expect(createRestTransport({ ...base, start: { route: 'POST /e' }, status: 'GET /e/{jobId}' }).subscribe).toBeUndefined();
});

test('a link endpoint: the link it answers goes to the browser, after beforeHandover', async () => {
  const api = await serve((_req, res) => json(res, 200, { href: '/files/j1?sig=abc' }));
  const steps: string[] = [];
  const transport = createRestTransport({
    ...base,
    baseUrl: api.url,
    start: { route: 'POST /exports' },
    status: 'GET /exports/{jobId}',
    download: { link: 'POST /exports/{jobId}/link', readLink: (body) => String(body.href) },
    openUrl: (url) => void steps.push(`open ${url}`),
  });
  const result = await transport.download(job('j1', null), { signal: signal(), beforeHandover: async () => void steps.push('handover') });
  expect(result).toEqual({ delivery: 'handedOver' });
  expect(steps).toEqual(['handover', `open ${api.url}/files/j1?sig=abc`]);
  expect(api.seen.map((s) => s.url)).toEqual(['/exports/j1/link']);
  await api.close();
});
