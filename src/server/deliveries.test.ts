import { truncate } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { createExportServer } from './createExportServer';
import { applyDelivery } from './deliveries';
import type { ExportServer } from './createExportServer';
import { signDownloadToken } from './signing';
import { api, waitForStatus } from './testHelpers';
import type { Delivery, JobView } from './types';

const SECRET = 'delivery-secret';
let server: ExportServer;
let base: string;
let smallId: string;
let bigId: string;
let bigSize: number;

beforeAll(async () => {
  server = createExportServer({ secret: SECRET, stageDelayMs: 0, maxActivePerClient: 100 });
  ({ url: base } = await server.listen(0));
  smallId = (await api(base, 'POST', '/api/exports', { params: { size: 5000 } })).json.job.id;
  bigId = (await api(base, 'POST', '/api/exports', { params: { size: 48 * 1024 * 1024, compress: false } })).json.job.id;
  await waitForStatus(base, smallId);
  bigSize = (await waitForStatus(base, bigId, 30_000)).size ?? 0;
}, 60_000);

afterAll(async () => {
  await server.close();
});

async function deliveriesOf(id: string): Promise<Delivery[]> {
  const r = await api(base, 'GET', `/api/exports/${id}`);
  return r.json.job.deliveries ?? [];
}

async function waitForDelivery(id: string, deliveryId: string, status: Delivery['status']): Promise<Delivery> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = (await deliveriesOf(id)).find((d) => d.id === deliveryId);
    if (found?.status === status) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`delivery ${deliveryId} never became ${status}`);
}

async function link(id: string): Promise<{ url: string; deliveryId: string }> {
  const r = await api(base, 'POST', `/api/exports/${id}/link`);
  expect(r.status).toBe(200);
  return { url: r.json.url, deliveryId: r.json.deliveryId };
}

/** Reads `minBytes` of the body, then destroys the socket. */
function cutDownload(url: string, minBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= minBytes) {
          req.destroy();
          resolve(received);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

describe('delivery receipts', () => {
  test('the link names a delivery; a full download records it as completed with every byte', async () => {
    const { url, deliveryId } = await link(smallId);
    expect(deliveryId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await deliveriesOf(smallId)).not.toContainEqual(expect.objectContaining({ id: deliveryId }));
    const file = await fetch(url);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.status).toBe(200);
    const done = await waitForDelivery(smallId, deliveryId, 'completed');
    expect(done.bytesSent).toBe(bytes.length);
    expect(done.settledAt).toBeGreaterThanOrEqual(done.requestedAt);
    expect((await deliveriesOf(smallId)).filter((d) => d.id === deliveryId)).toHaveLength(1);
  });

  test('a download cut mid-body is recorded as aborted, with fewer bytes than the file', async () => {
    const { url, deliveryId } = await link(bigId);
    await cutDownload(url, 64 * 1024);
    const aborted = await waitForDelivery(bigId, deliveryId, 'aborted');
    expect(aborted.bytesSent).toBeLessThan(bigSize);
    expect(aborted.settledAt).toBeGreaterThanOrEqual(aborted.requestedAt);
  });

  test('a file that ends short while it is sent (the body stream failed) is recorded as aborted, not completed', async () => {
    const { id } = (await api(base, 'POST', '/api/exports', { params: { size: 24 * 1024 * 1024, compress: false } })).json.job;
    const size = (await waitForStatus(base, id, 30_000)).size ?? 0;
    const { url, deliveryId } = await link(id);
    const res = await fetch(url);
    const reader = res.body!.getReader();
    await reader.read();
    await truncate(join(server.dataDir, id, 'export.zip'), 0); // the disk loses the file under the reader
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read());
    } catch {
      // the connection may be cut: the client got less than Content-Length
    }
    const aborted = await waitForDelivery(id, deliveryId, 'aborted');
    expect(aborted.bytesSent).toBeLessThan(size);
  }, 30_000);

  test('a retry on the same link moves the delivery back to requested, then to completed, in one entry', async () => {
    const { url, deliveryId } = await link(bigId);
    await cutDownload(url, 64 * 1024);
    await waitForDelivery(bigId, deliveryId, 'aborted');
    const file = await fetch(url);
    const reader = file.body!.getReader();
    await reader.read();
    expect((await deliveriesOf(bigId)).find((d) => d.id === deliveryId)?.status).toBe('requested');
    let total = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) total += r.value.byteLength;
    const done = await waitForDelivery(bigId, deliveryId, 'completed');
    expect(done.bytesSent).toBe(bigSize);
    expect(total).toBeGreaterThan(0);
    expect((await deliveriesOf(bigId)).filter((d) => d.id === deliveryId)).toHaveLength(1);
  }, 30_000);

  test('a link never used leaves no entry; only the used one appears', async () => {
    const unused = await link(smallId);
    const used = await link(smallId);
    await (await fetch(used.url)).arrayBuffer();
    await waitForDelivery(smallId, used.deliveryId, 'completed');
    const ids = (await deliveriesOf(smallId)).map((d) => d.id);
    expect(ids).toContain(used.deliveryId);
    expect(ids).not.toContain(unused.deliveryId);
    expect(ids.at(-1)).toBe(used.deliveryId); // newest last
  });

  test('bad, expired and foreign tokens record nothing', async () => {
    const before = await deliveriesOf(smallId);
    const good = new URL((await link(smallId)).url);
    const token = good.searchParams.get('token')!;
    const bad = [
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      signDownloadToken(SECRET, smallId, Date.now() - 1),
      signDownloadToken('another-secret', smallId, Date.now() + 60_000),
      'garbage',
    ];
    for (const t of bad) {
      const r = await api(base, 'GET', `/api/exports/${smallId}/file?token=${encodeURIComponent(t)}`);
      expect(r.status).toBe(403);
    }
    expect(await deliveriesOf(smallId)).toEqual(before);
  });

  test('at most the last 10 deliveries are kept per job', async () => {
    const { id } = (await api(base, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
    await waitForStatus(base, id);
    const used: string[] = [];
    for (let i = 0; i < 12; i++) {
      const l = await link(id);
      await (await fetch(l.url)).arrayBuffer();
      await waitForDelivery(id, l.deliveryId, 'completed');
      used.push(l.deliveryId);
    }
    expect((await deliveriesOf(id)).map((d) => d.id)).toEqual(used.slice(-10));
  }, 30_000);

  test('a stream resumed after the terminal event gets a numbered "delivery" event with the receipts, then 204', async () => {
    const { id } = (await api(base, 'POST', '/api/exports', { params: { size: 100 } })).json.job;
    const first = await fetch(`${base}/api/exports/${id}/events`);
    const events: Array<{ id: number; event: string; job: JobView }> = [];
    const parser = createParser({ onEvent: (e) => events.push({ id: Number(e.id), event: e.event ?? '', job: JSON.parse(e.data).job }) });
    parser.feed(await first.text());
    const terminal = events.at(-1)!;
    expect(terminal.event).toBe('completed');

    const l = await link(id);
    await (await fetch(l.url)).arrayBuffer();
    await waitForDelivery(id, l.deliveryId, 'completed');

    const resumed = await fetch(`${base}/api/exports/${id}/events`, { headers: { 'Last-Event-ID': String(terminal.id) } });
    expect(resumed.status).toBe(200);
    const later: typeof events = [];
    createParser({ onEvent: (e) => later.push({ id: Number(e.id), event: e.event ?? '', job: JSON.parse(e.data).job }) }).feed(await resumed.text());
    expect(later.map((e) => e.event)).toEqual(['delivery']);
    expect(later[0]!.id).toBeGreaterThan(terminal.id);
    expect(later[0]!.job.deliveries).toEqual([expect.objectContaining({ id: l.deliveryId, status: 'completed' })]);

    const end = await fetch(`${base}/api/exports/${id}/events`, { headers: { 'Last-Event-ID': String(later[0]!.id) } });
    expect(end.status).toBe(204);
  });

  test('a range request that gets its whole slice is a completed delivery of that many bytes', async () => {
    const { url, deliveryId } = await link(smallId);
    const res = await fetch(url, { headers: { Range: 'bytes=0-9' } });
    expect(res.status).toBe(206);
    expect((await res.arrayBuffer()).byteLength).toBe(10);
    expect((await waitForDelivery(smallId, deliveryId, 'completed')).bytesSent).toBe(10);
  });

  test('an older, overlapping request that ends late does not settle the newer attempt', () => {
    const first = applyDelivery([], 'd', { status: 'requested' }, 1)!;
    const second = applyDelivery(first, 'd', { status: 'requested' }, 2)!;
    expect(second).toEqual([{ id: 'd', status: 'requested', requestedAt: 2, attempt: 2 }]);
    expect(applyDelivery(second, 'd', { status: 'aborted', bytesSent: 5, attempt: 1 }, 3)).toBeUndefined();
    expect(applyDelivery(second, 'd', { status: 'completed', bytesSent: 9, attempt: 2 }, 4)).toEqual([
      { id: 'd', status: 'completed', requestedAt: 2, attempt: 2, settledAt: 4, bytesSent: 9 },
    ]);
    expect(applyDelivery([], 'unknown', { status: 'completed', bytesSent: 1, attempt: 1 }, 5)).toBeUndefined();
  });

  test('start and cancel answers carry the (empty) receipts list', async () => {
    const start = await api(base, 'POST', '/api/exports', { params: { size: 400 * 1024 * 1024, compress: false } });
    expect(start.json.job.deliveries).toEqual([]);
    const cancel = await api(base, 'POST', `/api/exports/${start.json.job.id}/cancel`);
    expect(cancel.json.job.deliveries).toEqual([]);
  });
});
