import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { api, waitForStatus } from './testHelpers';

let server: ExportServer;
let base: string;
let port: number;
let jobId: string;
let token: string;
let etag: string;

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 0, faultsAdmin: false, maxSizeBytes: 1_000_000 });
  ({ url: base } = await server.listen(0));
  port = Number(new URL(base).port);
  jobId = (await api(base, 'POST', '/api/exports', { params: { size: 2000 } })).json.job.id;
  await waitForStatus(base, jobId);
  const link = new URL((await api(base, 'POST', `/api/exports/${jobId}/link`)).json.url);
  token = link.searchParams.get('token')!;
  etag = (await fetch(link)).headers.get('etag')!;
});

afterAll(async () => {
  await server.close({ graceMs: 100 });
});

interface RawAnswer {
  status: number;
  type: string;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path} did not end within 5 s`));
    }, 5_000);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Writes raw bytes on a socket and returns what came back. */
function rawSocket(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

function expectErrorShape(text: string): void {
  const parsed: unknown = JSON.parse(text);
  expect(parsed).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  const error = (parsed as { error: Record<string, unknown> }).error;
  expect(Object.keys(parsed as object)).toEqual(['error']);
  expect(Object.keys(error).sort()).toEqual(['code', 'message']);
}

describe('requests Fastify or Node refuse get the API error shape', () => {
  test('an id over the router limit -> 414 uri_too_long', async () => {
    const r = await send('GET', `/api/exports/${'a'.repeat(120)}`, {}, undefined);
    expect(r.status).toBe(414);
    expectErrorShape(r.body);
    expect(JSON.parse(r.body).error.code).toBe('uri_too_long');
  });

  test('a bad percent-escape -> 400 bad_request, and the URL is not echoed', async () => {
    for (const path of ['/api/exports/%ZZ', '/api/exports/%ZZ/events', '/api/%E0%A4%A']) {
      const r = await send('GET', path, {}, undefined);
      expect(r.status).toBe(400);
      expectErrorShape(r.body);
      expect(r.body).not.toContain('%ZZ');
      expect(r.body).not.toContain('/api/');
    }
  });

  test('a request Node cannot parse -> 400 in the error shape', async () => {
    const answer = await rawSocket('GARBAGE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expectErrorShape(answer.slice(answer.indexOf('\r\n\r\n') + 4));
  });

  test('bytes after an answered request (a body sent without a length) get no second answer', async () => {
    const answer = await rawSocket('DELETE /api/exports/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n{"scope":"p"}');
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });

  test('headers over the size limit -> 431 in the error shape', async () => {
    const answer = await rawSocket(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expectErrorShape(answer.slice(answer.indexOf('\r\n\r\n') + 4));
  });
});

describe('random requests (property)', () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 300);

  test(`never a 5xx, and every 4xx JSON body is exactly {error:{code,message}} (${runs} runs)`, async () => {
    const segment = fc.oneof(
      fc.constantFrom('api', 'exports', 'events', 'file', 'link', 'cancel', 'health', '_faults', 'AAAAAAAAAAAAAAAAAAAAAA', '..', '.', ''),
      fc.constantFrom('%2e%2e', '%2F', '%5C', '%00', '%ZZ', '%', '%C3%A9', '%F0%9F%98%80', '%ED%A0%BD', 'a'.repeat(120), 'x;y', '~'),
      fc.constant('JOB'),
      fc.stringMatching(/^[A-Za-z0-9_.~-]{0,12}$/),
    );
    const query = fc.constantFrom('', '?token=TOKEN', '?token=', '?token=v2.1.x.y', '?lastEventId=abc', '?lastEventId=3', '?a=%ZZ', '?token=TOKEN&token=x');
    const headerValues = {
      range: fc.constantFrom('bytes=0-10', 'bytes=-5', 'bytes=5-', 'bytes=99999999-', 'bytes=0-1,3-4', 'bytes=abc', 'items=1-2', 'bytes=-0', 'bytes='),
      'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"', 'ETAG', 'garbage', '"a", W/"b"', ''),
      'if-range': fc.constantFrom('ETAG', 'W/"x"', 'Wed, 21 Oct 2015 07:28:00 GMT', ''),
      'last-event-id': fc.constantFrom('0', '1', '5', '999999', '-1', 'abc', '1e3', '9'.repeat(20)),
      'idempotency-key': fc.constantFrom('k1', 'k2', '', 'x'.repeat(250), 'bad key!', 'a:b.c-d_e'),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-8', 'application/octet-stream', ''),
      authorization: fc.constantFrom('Bearer x', 'Bearer TOKEN', 'Basic abc', ''),
      connection: fc.constantFrom('close', 'keep-alive'),
      accept: fc.constantFrom('text/event-stream', 'application/json', '*/*'),
      'x-client-id': fc.constantFrom('a', '../../etc', ''),
    };
    const headers = fc.record(headerValues, { requiredKeys: [] });
    const body = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('', '{', '{}', '[]', 'null', '"s"', '{"scope":"p","params":{"size":10}}', '{"__proto__":{}}', '{"params":{"size":1e400}}', '{"fileName":"report\\ud83d.zip"}'),
      fc.string({ maxLength: 50 }),
      fc.json({ maxDepth: 2 }),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'),
      segments: fc.array(segment, { minLength: 0, maxLength: 5 }),
      apiPrefix: fc.boolean(),
      query,
      headers,
      body,
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const segments = r.apiPrefix ? ['api', 'exports', ...r.segments] : r.segments;
        const path = `/${segments.map((s) => (s === 'JOB' ? jobId : s)).join('/')}${r.query.replace('TOKEN', encodeURIComponent(token))}`;
        const hs: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) hs[k] = v.replace('ETAG', etag).replace('TOKEN', token);
        const withBody = r.method !== 'GET' && r.method !== 'HEAD' ? r.body : undefined;
        if (withBody !== undefined) hs['content-length'] = String(Buffer.byteLength(withBody));
        const answer = await send(r.method, path, hs, withBody);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400 && answer.type.includes('json') && answer.body !== '') expectErrorShape(answer.body);
      }),
      { numRuns: runs },
    );
  }, 120_000);
});
