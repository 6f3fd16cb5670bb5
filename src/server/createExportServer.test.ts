import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { fileNameFromContentDisposition } from '../../features/exports/http/contentDisposition';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { api, readZip, waitForStatus } from './testHelpers';

let server: ExportServer;
let base: string;
let dataDir: string;
let clock = Date.now();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rej-server-test-'));
  server = createExportServer({
    dataDir,
    stageDelayMs: 60,
    jobTtlMs: 10 * 60_000,
    linkTtlMs: 60_000,
    maxActivePerClient: 2,
    maxSizeBytes: 2 * 1024 * 1024 * 1024,
    maxBytesPerClient: 1e12,
    // The deployment's identity hook (an auth gateway's tenant header, in these tests).
    clientIdentity: (request) => String(request.headers['x-test-tenant'] ?? 'anonymous'),
    now: () => clock,
  });
  ({ url: base } = await server.listen(0));
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function readEvents(id: string, opts: { lastEventId?: number; stopAfter?: number } = {}) {
  const controller = new AbortController();
  const headers: Record<string, string> = {};
  if (opts.lastEventId !== undefined) headers['Last-Event-ID'] = String(opts.lastEventId);
  const res = await fetch(`${base}/api/exports/${id}/events`, { headers, signal: controller.signal });
  const events: Array<{ id: number; event: string; job: { status: string; progress: number } }> = [];
  let comments = 0;
  const parser = createParser({
    onEvent: (e) => events.push({ id: Number(e.id), event: e.event ?? '', job: JSON.parse(e.data).job }),
    onComment: () => comments++,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let ended = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      parser.feed(decoder.decode(value, { stream: true }));
      if (opts.stopAfter !== undefined && events.length >= opts.stopAfter) {
        controller.abort(); // the connection is cut mid-way
        break;
      }
    }
  } catch {
    // aborted
  }
  return { status: res.status, events, ended, comments };
}

describe('the export lifecycle', () => {
  test('start -> named stages with rising progress -> completed -> one download with the right bytes and name', async () => {
    const start = await api(base, 'POST', '/api/exports', { scope: 'project-1', fileName: 'annotations.zip', params: { size: 300_000 } });
    expect(start.status).toBe(202);
    expect(start.headers.get('location')).toBe(`/api/exports/${start.json.job.id}`);
    const job = start.json.job;
    expect(job).toMatchObject({ scope: 'project-1', status: 'pending', progress: 0, fileName: 'annotations.zip', warnings: [] });

    const stream = await readEvents(job.id);
    expect(stream.ended).toBe(true);
    const stages = new Set(stream.events.map((e) => (e.job as { stage?: string }).stage));
    expect([...stages]).toEqual(expect.arrayContaining(['collecting', 'writing', 'packing', 'done']));
    const progress = stream.events.map((e) => e.job.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never backwards
    expect(stream.events.map((e) => e.id)).toEqual([...stream.events.map((e) => e.id)].sort((a, b) => a - b));
    expect(stream.events.filter((e) => e.event === 'completed')).toHaveLength(1);
    expect(stream.events.at(-1)?.event).toBe('completed');

    const status = await api(base, 'GET', `/api/exports/${job.id}`);
    expect(status.json.job).toMatchObject({ status: 'completed', progress: 100 });
    expect(status.json.job.size).toBeGreaterThan(0);
    expect(status.json.job.completedAt).toBe(clock);

    const link = await api(base, 'POST', `/api/exports/${job.id}/link`);
    expect(link.status).toBe(200);
    expect(link.json.expiresAt).toBe(clock + 60_000);
    expect(new URL(link.json.url).origin).toBe(base);

    const file = await fetch(link.json.url);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.headers.get('content-type')).toBe('application/zip');
    expect(Number(file.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.length).toBe(status.json.job.size);
    expect(file.headers.get('etag')).toMatch(/^".+"$/);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="annotations.zip"; filename*=UTF-8''annotations.zip`);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

    const entries = readZip(bytes);
    expect([...entries.keys()].sort()).toEqual(['data.csv', 'manifest.json']);
    const csv = entries.get('data.csv')!;
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(csv.toString('utf8').split('\n')[0]).toBe('row,image,label,x,y,width,height,score,reviewer');
    expect(csv.length).toBeGreaterThanOrEqual(300_000);
    expect(manifest.files[0]).toMatchObject({ name: 'data.csv', bytes: csv.length, sha256: createHash('sha256').update(csv).digest('hex') });

    // A conditional request with the ETag gets 304 and no body.
    const again = await fetch(link.json.url, { headers: { 'If-None-Match': file.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  test('two jobs never share a file', async () => {
    const a = (await api(base, 'POST', '/api/exports', { scope: 'a', params: { size: 2000 } })).json.job;
    const b = (await api(base, 'POST', '/api/exports', { scope: 'b', params: { size: 2000 } })).json.job;
    await waitForStatus(base, a.id);
    await waitForStatus(base, b.id);
    expect(a.id).not.toBe(b.id);
    expect(existsSync(join(dataDir, a.id, 'export.zip'))).toBe(true);
    expect(existsSync(join(dataDir, b.id, 'export.zip'))).toBe(true);
    expect(readdirSync(join(dataDir, a.id))).toEqual(['export.zip']); // no leftovers (csv, .part)
  });

  test('a name with Unicode, quotes and ../ is sanitized and sent with filename and filename*', async () => {
    const start = await api(base, 'POST', '/api/exports', { scope: 'p', fileName: '../../Rapport "été" 日本/..\\x.zip', params: { size: 1000 } });
    const job = start.json.job;
    expect(job.fileName).not.toMatch(/[/\\]/);
    expect(job.fileName).toContain('été');
    expect(job.fileName).toContain('日本');
    await waitForStatus(base, job.id);
    const link = await api(base, 'POST', `/api/exports/${job.id}/link`);
    const file = await fetch(link.json.url);
    const cd = file.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/);
    expect(fileNameFromContentDisposition(cd)).toBe(job.fileName);
    await file.arrayBuffer();
  });

  test('a failing export reports one "failed" event, keeps no output, and has no link', async () => {
    const job = (await api(base, 'POST', '/api/exports', { scope: 'f', params: { failAt: 'writing' } })).json.job;
    const stream = await readEvents(job.id);
    expect(stream.events.filter((e) => ['completed', 'failed', 'cancelled'].includes(e.event)).map((e) => e.event)).toEqual(['failed']);
    const ended = await waitForStatus(base, job.id);
    expect(ended.error).toEqual({ code: 'export_failed', message: 'Simulated failure while writing' });
    expect(existsSync(join(dataDir, job.id))).toBe(false);
    expect((await api(base, 'POST', `/api/exports/${job.id}/link`)).status).toBe(409);
  });

  test('unknown params are ignored with a warning; size is honoured', async () => {
    const r = await api(base, 'POST', '/api/exports', { scope: null, params: { size: 10, colour: 'red' } });
    expect(r.status).toBe(202);
    expect(r.json.job.warnings).toEqual(['Unknown parameter "colour" was ignored']);
    expect(r.json.job.scope).toBeNull();
    await waitForStatus(base, r.json.job.id);
  });

  test('an empty POST starts an export with defaults', async () => {
    const r = await fetch(`${base}/api/exports`, { method: 'POST' });
    expect(r.status).toBe(202);
    const { job } = (await r.json()) as { job: { id: string; fileName: string } };
    expect(job.fileName).toMatch(/^export-all-\d{4}-\d\d-\d\d\.zip$/);
    await waitForStatus(base, job.id);
  });
});

describe('SSE', () => {
  test('a stream cut mid-way resumes with Last-Event-ID: nothing lost, the terminal event exactly once', async () => {
    const slow = createExportServer({ stageDelayMs: 300 });
    const { url } = await slow.listen(0);
    try {
      const job = (await api(url, 'POST', '/api/exports', { scope: 's', params: { size: 50_000 } })).json.job;
      const read = async (lastEventId?: number, stopAfter?: number) => {
        const controller = new AbortController();
        const res = await fetch(`${url}/api/exports/${job.id}/events`, {
          headers: lastEventId === undefined ? {} : { 'Last-Event-ID': String(lastEventId) },
          signal: controller.signal,
        });
        const events: Array<{ id: number; event: string }> = [];
        const parser = createParser({ onEvent: (e) => events.push({ id: Number(e.id), event: e.event ?? '' }) });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        try {
          while (true) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(decoder.decode(value, { stream: true }));
            if (stopAfter !== undefined && events.length >= stopAfter) {
              controller.abort();
              break;
            }
          }
        } catch {
          // cut
        }
        return events;
      };
      const first = await read(undefined, 2);
      expect(first).toHaveLength(2);
      expect(first.some((e) => e.event === 'completed')).toBe(false);
      const lastId = first[1]!.id;
      const rest = await read(lastId);
      expect(rest.length).toBeGreaterThan(0);
      expect(rest.every((e) => e.id > lastId)).toBe(true);
      const all = [...first, ...rest];
      expect(all.filter((e) => e.event === 'completed')).toHaveLength(1);
      expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

      // Resuming after the terminal event answers 204 No Content (what stops an EventSource).
      const after = await fetch(`${url}/api/exports/${job.id}/events`, { headers: { 'Last-Event-ID': String(rest.at(-1)!.id) } });
      expect(after.status).toBe(204);
      expect(await after.text()).toBe('');
      // Resuming from just before it gives exactly the terminal event.
      expect((await read(rest.at(-1)!.id - 1)).map((e) => e.event)).toEqual(['completed']);
    } finally {
      await slow.close();
    }
  });

  test('heartbeat comments keep an idle stream alive', async () => {
    const hb = createExportServer({ stageDelayMs: 400, heartbeatMs: 50 });
    const { url } = await hb.listen(0);
    try {
      const job = (await api(url, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
      const res = await fetch(`${url}/api/exports/${job.id}/events`);
      const text = await res.text();
      expect(text).toContain(': hb');
      expect(text).toContain('event: completed');
    } finally {
      await hb.close();
    }
  });

  test('404 for an unknown job, 400 for a bad Last-Event-ID', async () => {
    expect((await readEvents('AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 10 } })).json.job;
    const r = await api(base, 'GET', `/api/exports/${job.id}/events`, undefined, { 'Last-Event-ID': 'abc' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/Last-Event-ID/);
    await waitForStatus(base, job.id);
  });
});

describe('cancel', () => {
  test('stops the work, removes partial output, reports "cancelled" once (never a failure), is idempotent', async () => {
    const job = (await api(base, 'POST', '/api/exports', { scope: 'c', params: { size: 500 * 1024 * 1024, compress: false } })).json.job;
    let stage: string | undefined;
    for (let i = 0; i < 200 && stage !== 'writing'; i++) {
      stage = (await api(base, 'GET', `/api/exports/${job.id}`)).json.job.stage;
      if (stage !== 'writing') await new Promise((r) => setTimeout(r, 10));
    }
    expect(stage).toBe('writing');
    expect(existsSync(join(dataDir, job.id, 'data.csv'))).toBe(true);

    const first = await api(base, 'POST', `/api/exports/${job.id}/cancel`);
    expect(first.status).toBe(200);
    expect(first.json.job.status).toBe('cancelled');
    expect(first.json.job.error).toBeUndefined();
    expect(existsSync(join(dataDir, job.id))).toBe(false);

    const second = await api(base, 'POST', `/api/exports/${job.id}/cancel`);
    expect(second.status).toBe(200);
    expect(second.json.job).toEqual(first.json.job);

    const stream = await readEvents(job.id);
    expect(stream.events.map((e) => e.event)).toEqual(['cancelled']);
    expect((await api(base, 'POST', `/api/exports/${job.id}/link`)).json.error.code).toBe('not_ready');
  });

  test('409 when the export already completed; 404 for an unknown id', async () => {
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 10 } })).json.job;
    await waitForStatus(base, job.id);
    const r = await api(base, 'POST', `/api/exports/${job.id}/cancel`);
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('already_completed');
    expect((await api(base, 'POST', '/api/exports/AAAAAAAAAAAAAAAAAAAAAA/cancel')).status).toBe(404);
  });
});

describe('limits and expiry', () => {
  test('429 with Retry-After beyond the per-client cap; other clients are not affected', async () => {
    const big = { params: { size: 500 * 1024 * 1024, compress: false } };
    const a1 = await api(base, 'POST', '/api/exports', big, { 'X-Test-Tenant': 'tenant-a' });
    const a2 = await api(base, 'POST', '/api/exports', big, { 'X-Test-Tenant': 'tenant-a' });
    const a3 = await api(base, 'POST', '/api/exports', big, { 'X-Test-Tenant': 'tenant-a' });
    const b1 = await api(base, 'POST', '/api/exports', { params: { size: 10 } }, { 'X-Test-Tenant': 'tenant-b' });
    expect([a1.status, a2.status, a3.status, b1.status]).toEqual([202, 202, 429, 202]);
    expect(a3.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(a3.json.error.code).toBe('too_many_active_exports');
    for (const r of [a1, a2]) await api(base, 'POST', `/api/exports/${r.json.job.id}/cancel`);
    expect((await api(base, 'POST', '/api/exports', { params: { size: 10 } }, { 'X-Test-Tenant': 'tenant-a' })).status).toBe(202);
    await waitForStatus(base, b1.json.job.id);
  });

  test('links expire (403), finished jobs expire with their files (410)', async () => {
    const job = (await api(base, 'POST', '/api/exports', { params: { size: 1000 } })).json.job;
    await waitForStatus(base, job.id);
    const link = await api(base, 'POST', `/api/exports/${job.id}/link`);
    clock += 60_001;
    const expiredLink = await api(base, 'GET', new URL(link.json.url).pathname + new URL(link.json.url).search);
    expect(expiredLink.status).toBe(403);
    expect(expiredLink.json.error.code).toBe('token_expired');

    const fresh = await api(base, 'POST', `/api/exports/${job.id}/link`);
    expect(existsSync(join(dataDir, job.id))).toBe(true);
    clock += 10 * 60_000;
    const status = await api(base, 'GET', `/api/exports/${job.id}`);
    expect(status.status).toBe(410);
    expect(status.json.error.code).toBe('expired');
    expect(existsSync(join(dataDir, job.id))).toBe(false);
    for (const [method, path] of [
      ['POST', `/api/exports/${job.id}/link`],
      ['POST', `/api/exports/${job.id}/cancel`],
      ['GET', `/api/exports/${job.id}/events`],
    ] as const) {
      expect((await api(base, method, path)).status).toBe(410);
    }
    // A link signed before the expiry, still within its own lifetime, finds nothing either.
    clock -= 10 * 60_000;
    const late = await fetch(fresh.json.url);
    expect(late.status).toBe(410);
    await late.text();
  });
});

describe('graceful shutdown', () => {
  test('an in-flight download finishes; new work is refused', async () => {
    const s = createExportServer({ stageDelayMs: 0 });
    const { url } = await s.listen(0);
    const job = (await api(url, 'POST', '/api/exports', { params: { size: 8 * 1024 * 1024, compress: false } })).json.job;
    await waitForStatus(url, job.id);
    const link = await api(url, 'POST', `/api/exports/${job.id}/link`);
    const file = await fetch(link.json.url);
    const reader = file.body!.getReader();
    let received = (await reader.read()).value?.byteLength ?? 0;

    const closing = s.close();
    const refused = await fetch(`${url}/api/exports`, { method: 'POST' }).then(
      (r) => r.status,
      () => 'connection refused',
    );
    expect([503, 'connection refused']).toContain(refused);

    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    expect(received).toBe(Number(file.headers.get('content-length')));
    await closing;
    expect(existsSync(s.dataDir)).toBe(false); // its own temp folder is removed
  });
});
