import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TimeoutError } from '../errors';
import type { ExportJob } from '../model/types';
import { createHttpTransport } from './createHttpTransport';

/** Serves a link to /file, and /file through `serveFile`. */
let serveFile: (res: ServerResponse) => void = (res) => void res.end();
let server: Server;
let base: string;
const timers = new Set<ReturnType<typeof setTimeout>>();
const later = (ms: number, fn: () => void) => {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/api/exports/j1/link') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ url: `${base}/file` }));
    } else if (req.url === '/file') serveFile(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const t of timers) clearTimeout(t);
  timers.clear();
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const job: ExportJob = { id: 'j1', scope: null, status: 'completed', progress: 100, warnings: [], autoDownload: true, createdAt: 0, updatedAt: 0 };
const chunk = (i: number) => Buffer.alloc(1000, i);

function blobTransport(saved: Array<{ blob: Blob; fileName: string }>) {
  return createHttpTransport({ baseUrl: base, download: 'blob', downloadIdleTimeoutMs: 250, saveFile: (blob, fileName) => void saved.push({ blob, fileName }) });
}

test('a slow blob download that sends a chunk every 80 ms for 560 ms outlives a 250 ms idle timeout: every byte saved once', async () => {
  const count = 8;
  serveFile = (res) => {
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': String(count * 1000) });
    for (let i = 0; i < count; i++) later(i * 80, () => (i === count - 1 ? res.end(chunk(i)) : res.write(chunk(i))));
  };
  const saved: Array<{ blob: Blob; fileName: string }> = [];
  const started = Date.now();
  await blobTransport(saved).download(job, { signal: new AbortController().signal });
  expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  expect(saved).toHaveLength(1);
  const bytes = Buffer.from(await saved[0]!.blob.arrayBuffer());
  expect(bytes.equals(Buffer.concat(Array.from({ length: count }, (_, i) => chunk(i))))).toBe(true);
});

test('a blob download silent for longer than the idle timeout fails with TimeoutError and saves nothing', async () => {
  serveFile = (res) => {
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': '5000' });
    res.write(chunk(0)); // then silence, the connection left open
  };
  const saved: Array<{ blob: Blob; fileName: string }> = [];
  const error = await blobTransport(saved).download(job, { signal: new AbortController().signal }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TimeoutError);
  expect(error).toMatchObject({ timeoutMs: 250 });
  expect(saved).toEqual([]);
});
