import { request as httpRequest } from 'node:http';
import { fileNameFromContentDisposition } from '../../features/exports/http/contentDisposition';
import { asciiFallback, encodeRfc8187, formatContentDisposition } from './contentDisposition';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { api, waitForStatus } from './testHelpers';

let server: ExportServer;
let base: string;
let jobId: string;
let whole: Buffer;
let etag: string;

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 0, maxActivePerClient: 100 });
  ({ url: base } = await server.listen(0));
  jobId = (await api(base, 'POST', '/api/exports', { params: { size: 20_000 } })).json.job.id;
  await waitForStatus(base, jobId);
  const res = await fetch(await linkUrl());
  whole = Buffer.from(await res.arrayBuffer());
  etag = res.headers.get('etag')!;
});

afterAll(async () => {
  await server.close();
});

async function linkUrl(id = jobId): Promise<string> {
  return (await api(base, 'POST', `/api/exports/${id}/link`)).json.url;
}

async function get(headers: Record<string, string>) {
  const res = await fetch(await linkUrl(), { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('Range and If-Range', () => {
  test('the file answer advertises Accept-Ranges: bytes', async () => {
    expect((await get({})).headers.get('accept-ranges')).toBe('bytes');
  });

  test.each([
    ['bytes=100-', 100, undefined],
    ['bytes=0-9', 0, 9],
    ['bytes=10-10', 10, 10],
    ['bytes=-50', undefined, undefined],
    ['bytes=100-999999999', 100, undefined],
  ])('%s answers 206 with Content-Range and exactly that slice', async (range, from, to) => {
    const size = whole.length;
    const start = from ?? size - 50;
    const end = to ?? size - 1;
    const r = await get({ Range: range });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(Number(r.headers.get('content-length'))).toBe(end - start + 1);
    expect(r.body.equals(whole.subarray(start, end + 1))).toBe(true);
  });

  test('a range past the end answers 416 with Content-Range: bytes */size and an error body', async () => {
    const r = await get({ Range: `bytes=${whole.length}-` });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe(`bytes */${whole.length}`);
    expect(JSON.parse(r.body.toString()).error.code).toBe('range_not_satisfiable');
  });

  test.each([['bytes=0-1,5-6'], ['bytes=9-3'], ['items=0-5'], ['bytes=abc']])('%s is ignored: 200 with the whole file', async (range) => {
    const r = await get({ Range: range });
    expect(r.status).toBe(200);
    expect(r.body.equals(whole)).toBe(true);
  });

  test('If-Range with the strong ETag applies the range; another or a weak tag, or a date, gets the whole file', async () => {
    expect((await get({ Range: 'bytes=0-9', 'If-Range': etag })).status).toBe(206);
    for (const ifRange of ['"other"', `W/${etag}`, 'Wed, 21 Oct 2015 07:28:00 GMT']) {
      const r = await get({ Range: 'bytes=0-9', 'If-Range': ifRange });
      expect(r.status).toBe(200);
      expect(r.body.equals(whole)).toBe(true);
    }
  });
});

describe('If-None-Match', () => {
  test.each([
    ['the ETag', () => etag],
    ['a list holding it', () => `"a", ${etag}, "b"`],
    ['its weak form', () => `W/${etag}`],
    ['*', () => '*'],
  ])('%s -> 304 without a body', async (_name, value) => {
    const r = await get({ 'If-None-Match': value() });
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
  });

  test.each([['"other"'], ['W/"other", "x"'], ['garbage']])('%s -> 200 with the file', async (value) => {
    const r = await get({ 'If-None-Match': value });
    expect(r.status).toBe(200);
    expect(r.body.equals(whole)).toBe(true);
  });
});

describe('hostile file names', () => {
  test('a lone surrogate in fileName never makes a 500: both names drop it, the download works', async () => {
    const start = await api(base, 'POST', '/api/exports', { fileName: 'report\ud83d.zip', params: { size: 100 } });
    expect(start.status).toBe(202);
    expect(start.json.job.fileName).toBe('report.zip');
    await waitForStatus(base, start.json.job.id);
    const res = await fetch(await linkUrl(start.json.job.id));
    expect(res.status).toBe(200);
    expect(fileNameFromContentDisposition(res.headers.get('content-disposition'))).toBe('report.zip');
    await res.arrayBuffer();
    expect(() => encodeRfc8187('a\udc00b\ud800')).not.toThrow();
    expect(encodeRfc8187('a\udc00b\ud800')).toBe('ab');
    expect(formatContentDisposition('report\ud83d.zip')).toBe(`attachment; filename="report.zip"; filename*=UTF-8''report.zip`);
  });

  test.each([
    ['ＣＯＮ.zip', '_CON.zip'],
    ['ｎｕｌ', '_nul'],
    ['a／..／b＼c：d.zip', 'a_.._b_c_d.zip'],
    ['．．／．．／etc', '_._etc'],
    ['LPT１.txt', '_LPT1.txt'],
  ])('the ASCII fallback of %j is safe after folding: %j', (name, fallback) => {
    expect(asciiFallback(name)).toBe(fallback);
    const header = formatContentDisposition(name);
    const quoted = /filename="([^"]*)"/.exec(header)?.[1] ?? '';
    expect(quoted).toBe(fallback);
    expect(quoted).not.toMatch(/[/\\:]|^\.\.|^(con|nul|aux|prn|com\d|lpt\d)(\.|$)/i);
  });

  test('formatContentDisposition sanitizes what it is given', () => {
    const header = formatContentDisposition('../../etc/passwd');
    expect(fileNameFromContentDisposition(header)).toBe('_._etc_passwd');
    expect(header).not.toContain('/');
  });
});

describe('HEAD', () => {
  test('HEAD of the file answers the headers and no body, and records no delivery', async () => {
    const url = await linkUrl();
    const status = await new Promise<{ code: number; length: string | undefined; body: number }>((resolve, reject) => {
      const req = httpRequest(url, { method: 'HEAD' }, (res) => {
        let body = 0;
        res.on('data', (c: Buffer) => (body += c.length));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, length: res.headers['content-length'], body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toEqual({ code: 200, length: String(whole.length), body: 0 });
    const deliveryId = new URL(url).searchParams.get('token')!.split('.')[2];
    const job = (await api(base, 'GET', `/api/exports/${jobId}`)).json.job;
    expect(job.deliveries?.map((d) => d.id)).not.toContain(deliveryId);
  });
});
