import { createExportServer } from '../../../src/server/createExportServer';
import type { ExportServer } from '../../../src/server/createExportServer';
import { readZip } from '../../../src/server/testHelpers';
import { ExportError, HttpStatusError } from '../errors';
import type { ExportJob, ExportTransport, JobEvent, JobSnapshot } from '../model/types';
import { createHttpTransport } from './createHttpTransport';
import type { HttpTransportOptions } from './createHttpTransport';

let server: ExportServer;
let base: string;

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 30, maxActivePerClient: 50 });
  ({ url: base } = await server.listen(0));
});
afterAll(() => server.close());
afterEach(() => {
  server.faults.set({ errorRate: 0, dropRate: 0, slowMs: 0, duplicateEvents: false, outOfOrder: false });
});

const fast: Partial<HttpTransportOptions> = { reconnectDelayMs: 10, maxReconnectDelayMs: 50, timeoutMs: 5_000 };
const asJob = (s: JobSnapshot): ExportJob => ({ warnings: [], createdAt: 0, updatedAt: 0, ...s, autoDownload: true });

/** Follows a job until its terminal event (or until `subscribe` gives up); resolves with every event seen. */
function follow(transport: ExportTransport, id: string, signal = new AbortController().signal): Promise<JobEvent[]> {
  return new Promise((resolve) => {
    const events: JobEvent[] = [];
    const settled = transport.subscribe!(id, (e) => {
      events.push(e);
      if (e.type !== 'progress') setTimeout(() => resolve(events), 150); // keep listening a bit: nothing more may come
    }, signal);
    void settled?.then(() => setTimeout(() => resolve(events), 150));
  });
}

const RETRYABLE = new Set(['network', 'server_error', 'timeout', 'rate_limited']);
/** What the feature's retry policy does: retry network/5xx/429, nothing else. */
async function withRetry<T>(fn: () => Promise<T>, attempts = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ExportError) || !RETRYABLE.has(e.code) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

test('link mode: start, progress, one completion, the link handed over once, the right bytes behind it', async () => {
  const opened: Array<{ url: string; fileName: string | undefined }> = [];
  const transport = createHttpTransport({ baseUrl: base, ...fast, openUrl: (url, fileName) => void opened.push({ url, fileName }) });
  const job = await transport.start({ scope: 'p1', fileName: 'report.zip', params: { size: 40_000 } }, new AbortController().signal);
  expect(job).toMatchObject({ scope: 'p1', status: 'pending', fileName: 'report.zip' });

  const events = await follow(transport, job.id);
  expect(events.filter((e) => e.type !== 'progress').map((e) => e.type)).toEqual(['completed']);
  expect(events.some((e) => e.type === 'progress' && e.job.status === 'running')).toBe(true);
  expect(events.every((e) => typeof e.eventId === 'string')).toBe(true);
  const done = events.at(-1)!.job;
  expect(done).toMatchObject({ status: 'completed', progress: 100 });

  await transport.download(asJob(done), { signal: new AbortController().signal });
  expect(opened).toHaveLength(1);
  expect(opened[0]!.fileName).toBe('report.zip');
  const file = await fetch(opened[0]!.url);
  const bytes = Buffer.from(await file.arrayBuffer());
  expect(bytes.length).toBe(done.size);
  expect([...readZip(bytes).keys()].sort()).toEqual(['data.csv', 'manifest.json']);
});

test('blob mode: progress from the body stream, the name from filename* (Unicode, quotes, ../ made safe)', async () => {
  const saved: Array<{ blob: Blob; fileName: string }> = [];
  const transport = createHttpTransport({ baseUrl: base, ...fast, download: 'blob', saveFile: (blob, fileName) => void saved.push({ blob, fileName }) });
  const job = await transport.start({ scope: 'p2', fileName: '../Rapport "été" 日本.zip', params: { size: 3_000_000, compress: false } }, new AbortController().signal);
  const done = (await follow(transport, job.id)).at(-1)!.job;
  const progress: Array<[number, number | undefined]> = [];
  await transport.download(asJob(done), { signal: new AbortController().signal, onProgress: (l, t) => progress.push([l, t]) });
  expect(saved).toHaveLength(1);
  expect(saved[0]!.fileName).toBe("_Rapport 'été' 日本.zip");
  expect(saved[0]!.blob.size).toBe(done.size);
  expect(saved[0]!.blob.type).toBe('application/zip');
  expect(progress.length).toBeGreaterThan(1);
  expect(progress.at(-1)).toEqual([done.size, done.size]);
  const loaded = progress.map(([l]) => l);
  expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  const entries = readZip(Buffer.from(await saved[0]!.blob.arrayBuffer()));
  expect(entries.get('data.csv')!.length).toBeGreaterThanOrEqual(3_000_000);
});

test('with faults on (503s, dropped connections and streams, duplicate and out-of-order events) the export completes and downloads exactly once', async () => {
  server.faults.set({ errorRate: 0.2, dropRate: 0.15, slowMs: 5, duplicateEvents: true, outOfOrder: true });
  const saved: Blob[] = [];
  const transport = createHttpTransport({ baseUrl: base, ...fast, maxSseFailures: 50, download: 'blob', saveFile: (blob) => void saved.push(blob) });
  const job = await withRetry(() => transport.start({ scope: 'flaky', params: { size: 200_000 } }, new AbortController().signal));
  const events = await follow(transport, job.id);
  const terminal = events.filter((e) => e.type !== 'progress');
  expect(terminal.map((e) => e.type)).toEqual(['completed']); // once, despite duplicates
  const ids = events.map((e) => e.eventId).filter((id) => id !== undefined);
  expect(new Set(ids).size).toBe(ids.length); // de-duplicated

  // The feature's listener: one claim per completion, retries inside it.
  let downloads = 0;
  for (const e of terminal) {
    downloads++;
    await withRetry(() => transport.download(asJob(e.job), { signal: new AbortController().signal }));
  }
  expect(downloads).toBe(1);
  expect(saved).toHaveLength(1);
  server.faults.set({ errorRate: 0, dropRate: 0 });
  const status = await transport.getStatus(job.id, new AbortController().signal);
  expect(saved[0]!.size).toBe(status.size);
});

test('after maxSseFailures failed connections in a row subscribe resolves, and the transport itself never polls GET /api/exports/:id', async () => {
  const seen: string[] = [];
  const transport = createHttpTransport({
    baseUrl: base,
    ...fast,
    maxSseFailures: 2,
    fetch: (input, init) => {
      const url = String(input);
      seen.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
      if (url.endsWith('/events')) return Promise.resolve(new Response('down', { status: 502 }));
      return fetch(input, init);
    },
  });
  const job = await transport.start({ scope: 'poll', params: { size: 1000 } }, new AbortController().signal);
  const events: JobEvent[] = [];
  await expect(transport.subscribe!(job.id, (e) => events.push(e), new AbortController().signal)).resolves.toBeUndefined();
  await new Promise((r) => setTimeout(r, 100)); // nothing more after it gave up
  const path = `/api/exports/${job.id}`;
  expect(seen).toEqual(['POST /api/exports', `GET ${path}/events`, `GET ${path}/events`]);
  expect(events).toEqual([]);
});

test('SSE reconnects wait while the page is hidden, and go on when it is shown', async () => {
  const doc = Object.assign(new EventTarget(), { hidden: true });
  (globalThis as { document?: unknown }).document = doc;
  try {
    let sseCalls = 0;
    const transport = createHttpTransport({
      baseUrl: base,
      ...fast,
      maxSseFailures: 1,
      fetch: (input, init) => {
        if (String(input).endsWith('/events')) sseCalls++;
        return fetch(input, init);
      },
    });
    const job = await transport.start({ scope: 'hidden', params: { size: 1000 } }, new AbortController().signal);
    const following = follow(transport, job.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(sseCalls).toBe(0);
    doc.hidden = false;
    doc.dispatchEvent(new Event('visibilitychange'));
    const events = await following;
    expect(sseCalls).toBeGreaterThan(0);
    expect(events.at(-1)!.type).toBe('completed');
  } finally {
    delete (globalThis as { document?: unknown }).document;
  }
});

test('cancel: one "cancelled" event, never a failure; 404 ids end the subscription as expired', async () => {
  const transport = createHttpTransport({ baseUrl: base, ...fast });
  const job = await transport.start({ scope: 'c', params: { size: 500 * 1024 * 1024, compress: false } }, new AbortController().signal);
  const following = follow(transport, job.id);
  await new Promise((r) => setTimeout(r, 50));
  const cancelled = await transport.cancel(job.id, new AbortController().signal);
  expect(cancelled.status).toBe('cancelled');
  const events = await following;
  expect(events.filter((e) => e.type !== 'progress').map((e) => e.type)).toEqual(['cancelled']);
  expect(events.some((e) => e.type === 'failed')).toBe(false);
  expect((await transport.cancel(job.id, new AbortController().signal)).status).toBe('cancelled');

  const unknown = 'AAAAAAAAAAAAAAAAAAAAAA';
  const err = await transport.getStatus(unknown, new AbortController().signal).catch((e) => e);
  expect(err).toBeInstanceOf(HttpStatusError);
  expect(err).toMatchObject({ status: 404, code: 'not_found' });
  const gone = await follow(transport, unknown);
  expect(gone.map((e) => [e.type, e.job.status])).toEqual([['expired', 'expired']]);
});

test('aborting the subscription stops every request', async () => {
  let calls = 0;
  const transport = createHttpTransport({
    baseUrl: base,
    ...fast,
    fetch: (input, init) => {
      calls++;
      return fetch(input, init);
    },
  });
  const job = await transport.start({ scope: 'abort', params: { size: 100 } }, new AbortController().signal);
  server.faults.set({ slowMs: 0 });
  const controller = new AbortController();
  const events: JobEvent[] = [];
  transport.subscribe!(job.id, (e) => events.push(e), controller.signal);
  controller.abort();
  const before = calls;
  await new Promise((r) => setTimeout(r, 300));
  expect(calls).toBeLessThanOrEqual(before + 1);
  expect(events).toEqual([]);
});
