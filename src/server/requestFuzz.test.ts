import fc from 'fast-check';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { api, waitForStatus } from './testHelpers';
import { isErrorShape, sendRaw } from './testRawHttp';
import { createOpenApiValidator, loadOpenApiDocument } from './verify/openapiConformance';

/**
 * Any request (method, path, headers, query, body) gets an answer the API
 * documents: never a 5xx, every error body exactly `{"error":{"code","message"}}`,
 * and every answer allowed by docs/openapi.json for its operation. FUZZ_RUNS
 * raises the number of requests (`npm run test:soak`).
 */
let server: ExportServer;
let port: number;
const placeholders: Record<string, string> = {};
const validate = createOpenApiValidator(loadOpenApiDocument());

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 0, faultsAdmin: true, maxSizeBytes: 1_000_000, maxActivePerClient: 3 });
  const { url } = await server.listen(0);
  port = Number(new URL(url).port);
  const done = (await api(url, 'POST', '/api/exports', { params: { size: 2000 } })).json.job.id;
  const failed = (await api(url, 'POST', '/api/exports', { params: { size: 100, failAt: 'writing' } })).json.job.id;
  await waitForStatus(url, done);
  await waitForStatus(url, failed);
  const link = new URL((await api(url, 'POST', `/api/exports/${done}/link`)).json.url);
  Object.assign(placeholders, { JOB: done, FAILED: failed, TOKEN: link.searchParams.get('token') ?? '', ETAG: (await fetch(link)).headers.get('etag') ?? '' });
});

afterAll(() => server.close({ graceMs: 100 }));

const fill = (s: string, encode: boolean) => s.replace(/JOB|FAILED|TOKEN|ETAG/g, (k) => (encode ? encodeURIComponent(placeholders[k] ?? '') : (placeholders[k] ?? '')));

const segment = fc.oneof(
  fc.constantFrom('api', 'exports', 'events', 'file', 'link', 'cancel', 'health', '_faults', 'openapi.json', 'AAAAAAAAAAAAAAAAAAAAAA', '..', '.', ''),
  fc.constantFrom('%2e%2e', '%2F', '%5C', '%00', '%ZZ', '%', '%C3%A9', '%F0%9F%98%80', '%ED%A0%BD', 'a'.repeat(120), 'x;y', '~', '*'),
  fc.constantFrom('JOB', 'FAILED'),
  fc.stringMatching(/^[A-Za-z0-9_.~%-]{0,12}$/),
);
const query = fc.oneof(
  fc.constantFrom('', '?token=TOKEN', '?token=', '?token=v2.1.x.y', '?lastEventId=abc', '?lastEventId=3', '?a=%ZZ', '?token=TOKEN&token=x', '?lastEventId=1&lastEventId=2'),
  fc.stringMatching(/^\?[A-Za-z0-9=&%._-]{0,30}$/),
);
const headerValues = {
  range: fc.constantFrom('bytes=0-10', 'bytes=-5', 'bytes=5-', 'bytes=99999999-', 'bytes=0-1,3-4', 'bytes=abc', 'items=1-2', 'bytes=-0', 'bytes=', 'bytes=10-2'),
  'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"', 'ETAG', 'W/ETAG', 'garbage', '"a", W/"b"', '"a", ETAG', ''),
  'if-range': fc.constantFrom('ETAG', 'W/ETAG', 'W/"x"', 'Wed, 21 Oct 2015 07:28:00 GMT', ''),
  'last-event-id': fc.constantFrom('0', '1', '5', '999999', '-1', 'abc', '1e3', '9'.repeat(20), ''),
  'idempotency-key': fc.constantFrom('k1', 'k2', '', 'x'.repeat(250), 'bad key!', 'a:b.c-d_e'),
  'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-8', 'application/octet-stream', '', 'application/json; charset=latin1'),
  authorization: fc.constantFrom('Bearer x', 'Bearer TOKEN', 'Basic abc', 'Bearer', ''),
  connection: fc.constantFrom('close', 'keep-alive'),
  accept: fc.constantFrom('text/event-stream', 'application/json', '*/*', 'text/html'),
  'accept-encoding': fc.constantFrom('gzip', 'br', 'identity', '*'),
  'x-client-id': fc.constantFrom('a', '../../etc', ''),
  'x-fuzz': fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
};
const body = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', '{', '{}', '[]', 'null', '"s"', '{"scope":"p","params":{"size":10}}', '{"__proto__":{}}', '{"params":{"size":1e400}}', '{"fileName":"report\\ud83d.zip"}', '{"errorRate":2}', '{"fileName":"ＣＯＮ.zip","params":{"size":10}}'),
  fc.string({ maxLength: 50 }),
  fc.json({ maxDepth: 2 }),
);
/** Mostly the API's own routes (with a real, a failed or an unknown job), else any path. */
const route = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('JOB', 'FAILED', 'AAAAAAAAAAAAAAAAAAAAAA'), fc.constantFrom('', '/events', '/file', '/link', '/cancel')).map(([id, tail]) => `/api/exports/${id}${tail}`) },
  { weight: 1, arbitrary: fc.constantFrom('/api/exports', '/api/health', '/api/_faults', '/api/openapi.json', '/', '/index.html') },
  { weight: 2, arbitrary: fc.tuple(fc.boolean(), fc.array(segment, { minLength: 0, maxLength: 5 })).map(([api, segs]) => `/${(api ? ['api', 'exports', ...segs] : segs).join('/')}`) },
);
const request = fc.record({
  method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 1, arbitrary: fc.constantFrom('HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
  route,
  query,
  headers: fc.record(headerValues, { requiredKeys: [] }),
  body,
});

const runs = Number(process.env.FUZZ_RUNS ?? 500);

test(`no request gets a 5xx or an answer outside docs/openapi.json; every error is {error:{code,message}} (${runs} runs)`, async () => {
  const shapes = new Map<string, number>();
  let requests = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      server.faults.set({ errorRate: 0, dropRate: 0, slowMs: 0, duplicateEvents: false, outOfOrder: false }); // a fuzzed POST /api/_faults may have switched them on
      const path = `${fill(r.route, true)}${fill(r.query, true)}`;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = fill(v, false);
      const sent = r.method !== 'GET' && r.method !== 'HEAD' ? r.body : undefined;
      if (sent !== undefined) headers['content-length'] = String(Buffer.byteLength(sent));
      const answer = await sendRaw(port, r.method, path, headers, sent);
      requests++;
      const code = answer.status >= 400 && r.method !== 'HEAD' && isErrorShape(answer.body) ? (JSON.parse(answer.body) as { error: { code: string } }).error.code : '';
      const shape = `${r.method === 'HEAD' ? 'HEAD ' : ''}${answer.status} ${answer.type.split(';')[0] || '-'}${code ? ` ${code}` : ''}`;
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      expect(answer.status).toBeLessThan(500);
      if (answer.status >= 400 && r.method !== 'HEAD') expect([path, isErrorShape(answer.body)]).toEqual([path, true]);
      const json = answer.type.includes('json');
      const problems = validate({ what: `${r.method} ${path}`, method: r.method, path, status: answer.status, contentType: answer.type, headers: '', body: json ? answer.body : '', bodyKept: json });
      expect(problems).toEqual([]);
    }),
    { numRuns: runs },
  );
  const list = [...shapes].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ×${n}`);
  console.log(`[measured] request fuzz: ${requests} requests, ${shapes.size} distinct answer shapes (status, type, error code): ${list.join('; ')}`);
  expect(shapes.size).toBeGreaterThan(10);
}, 180_000);
