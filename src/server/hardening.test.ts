import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { signDownloadToken, verifyDownloadToken } from './signing';
import { api, waitForStatus } from './testHelpers';

const CLIENT_ID = 'tenant-secret-4242';
const SECRET = 'test-secret';
let server: ExportServer;
let base: string;
let dataDir: string;
let doneId: string;
let runningId: string;
const seen: Array<{ what: string; headers: string; body: string }> = [];

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await api(base, method, path, body, { 'X-Client-Id': CLIENT_ID, ...headers });
  seen.push({ what: `${method} ${path}`, headers: [...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n'), body: r.text });
  return r;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rej-hardening-'));
  server = createExportServer({ dataDir, secret: SECRET, stageDelayMs: 30, maxActivePerClient: 100, maxSizeBytes: 2 * 1024 * 1024 * 1024, maxBytesPerClient: 1e12 });
  ({ url: base } = await server.listen(0));
  doneId = (await call('POST', '/api/exports', { scope: 'p', params: { size: 1000 } })).json.job.id;
  await waitForStatus(base, doneId);
  runningId = (await call('POST', '/api/exports', { scope: 'p', params: { size: 1024 * 1024 * 1024, compress: false } })).json.job.id;
});

afterAll(async () => {
  await call('POST', `/api/exports/${runningId}/cancel`);
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('bad input gets a clear 4xx with {error:{code,message}}, never a 500', () => {
  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, string, string, unknown, Record<string, string>, number, string]> = [
    ['malformed JSON', 'POST', '/api/exports', '{"scope":', json, 400, 'invalid_json'],
    ['JSON with a __proto__ key', 'POST', '/api/exports', '{"__proto__":{"x":1}}', json, 400, 'invalid_json'],
    ['an array body', 'POST', '/api/exports', '[1,2]', json, 400, 'bad_request'],
    ['a string body', 'POST', '/api/exports', '"hi"', json, 400, 'bad_request'],
    ['scope of the wrong type', 'POST', '/api/exports', { scope: 42 }, {}, 400, 'bad_request'],
    ['an empty scope', 'POST', '/api/exports', { scope: '' }, {}, 400, 'bad_request'],
    ['fileName of the wrong type', 'POST', '/api/exports', { fileName: ['a'] }, {}, 400, 'bad_request'],
    ['an over-long fileName', 'POST', '/api/exports', { fileName: 'a'.repeat(300) }, {}, 400, 'bad_request'],
    ['params of the wrong type', 'POST', '/api/exports', { params: 'big' }, {}, 400, 'bad_request'],
    ['a negative size', 'POST', '/api/exports', { params: { size: -1 } }, {}, 400, 'bad_request'],
    ['a fractional size', 'POST', '/api/exports', { params: { size: 1.5 } }, {}, 400, 'bad_request'],
    ['a size given as a string', 'POST', '/api/exports', { params: { size: '100' } }, {}, 400, 'bad_request'],
    ['an unknown failAt stage', 'POST', '/api/exports', { params: { failAt: 'nope' } }, {}, 400, 'bad_request'],
    ['an unknown top-level field', 'POST', '/api/exports', { scope: 'p', admin: true }, {}, 400, 'bad_request'],
    ['a form-encoded body', 'POST', '/api/exports', 'scope=p', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    ['a body over the limit', 'POST', '/api/exports', JSON.stringify({ fileName: 'x'.repeat(70 * 1024) }), json, 413, 'too_large'],
    ['a bad Idempotency-Key', 'POST', '/api/exports', {}, { 'Idempotency-Key': '../../etc' }, 400, 'bad_request'],
    ['an unknown id', 'GET', '/api/exports/AAAAAAAAAAAAAAAAAAAAAA', undefined, {}, 404, 'not_found'],
    ['a traversal id', 'GET', '/api/exports/..%2F..%2Fetc%2Fpasswd', undefined, {}, 400, 'bad_request'],
    ['a traversal id on file', 'GET', '/api/exports/..%2F..%2Fetc%2Fpasswd/file?token=x', undefined, {}, 400, 'bad_request'],
    ['an encoded-backslash id', 'GET', '/api/exports/..%5C..%5Cwin.ini/events', undefined, {}, 400, 'bad_request'],
    ['a NUL in an id', 'POST', '/api/exports/abc%00defgh/cancel', undefined, {}, 400, 'bad_request'],
    ['a too-short id', 'POST', '/api/exports/abc/link', undefined, {}, 400, 'bad_request'],
    ['an unknown route', 'GET', '/api/nope', undefined, {}, 404, 'not_found'],
    ['a wrong method', 'DELETE', '/api/exports', undefined, {}, 404, 'not_found'],
    ['bad faults settings', 'POST', '/api/_faults', { errorRate: 2 }, {}, 400, 'bad_request'],
  ];
  test.each(cases)('%s', async (_name, method, path, body, headers, status, code) => {
    const r = await call(method, path, body, headers);
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(typeof r.json.error.message).toBe('string');
    expect(r.json.error.message.length).toBeGreaterThan(5);
  });

  test('a POST without a body is a valid start', async () => {
    const r = await call('POST', '/api/exports');
    expect(r.status).toBe(202);
    await call('POST', `/api/exports/${r.json.job.id}/cancel`);
  });
});

describe('download tokens', () => {
  const file = (id: string, token?: string, headers: Record<string, string> = {}) =>
    call('GET', `/api/exports/${id}/file${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`, undefined, headers);

  test('missing -> 401 with WWW-Authenticate', async () => {
    const r = await file(doneId);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('a valid token works in the query and as a Bearer header', async () => {
    const token = signDownloadToken(SECRET, doneId, Date.now() + 10_000);
    expect((await file(doneId, token)).status).toBe(200);
    expect((await file(doneId, undefined, { Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  test('tampered, forged, foreign and expired tokens are refused with 403', async () => {
    const exp = Date.now() + 10_000;
    const good = signDownloadToken(SECRET, doneId, exp);
    const [, , did, sig] = good.split('.') as [string, string, string, string];
    const otherDid = did.startsWith('A') ? `B${did.slice(1)}` : `A${did.slice(1)}`;
    const cases: Array<[string, string]> = [
      ['flipped signature', `v2.${exp}.${did}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`],
      ['extended expiry', `v2.${exp + 1_000_000}.${did}.${sig}`],
      ['another delivery', `v2.${exp}.${otherDid}.${sig}`],
      ['the v1 format', `v1.${exp}.${sig}`],
      ['another key', signDownloadToken('other-secret', doneId, exp)],
      ['another job', signDownloadToken(SECRET, runningId, exp)],
      ['truncated', good.slice(0, -5)],
      ['garbage', 'hello'],
      ['empty signature', `v2.${exp}.${did}.`],
    ];
    for (const [, token] of cases) {
      const r = await file(doneId, token);
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('invalid_token');
    }
    const expired = await file(doneId, signDownloadToken(SECRET, doneId, Date.now() - 1));
    expect(expired.status).toBe(403);
    expect(expired.json.error.code).toBe('token_expired');
  });

  test('a signature respelled with its unused bits set (the same MAC bytes) is refused: tokens are not malleable', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const exp = Date.now() + 10_000;
    const good = signDownloadToken(SECRET, doneId, exp);
    const [, , did, sig] = good.split('.') as [string, string, string, string];
    // The 43rd character holds the MAC's last 4 bits and 2 unused ones: flip the lowest unused bit.
    const respelled = `${sig.slice(0, -1)}${alphabet[alphabet.indexOf(sig.slice(-1)) ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    const r = await file(doneId, `v2.${exp}.${did}.${respelled}`);
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('invalid_token');
  });

  test('a valid token for an unfinished job -> 409', async () => {
    const r = await file(runningId, signDownloadToken(SECRET, runningId, Date.now() + 10_000));
    expect(r.status).toBe(409);
  });

  test('verifyDownloadToken is bound to the job id, the delivery and the expiry', () => {
    const deliveryId = 'D'.repeat(22);
    const t = signDownloadToken('k', 'job-aaaaaaaa', 2_000, deliveryId);
    expect(t.split('.').slice(0, 3)).toEqual(['v2', '2000', deliveryId]);
    expect(verifyDownloadToken('k', 'job-aaaaaaaa', t, 1_999)).toEqual({ ok: true, deliveryId });
    expect(verifyDownloadToken('k', 'job-aaaaaaaa', t.replace(deliveryId, 'E'.repeat(22)), 1_999)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(signDownloadToken('k', 'job-aaaaaaaa', 2_000)).not.toBe(signDownloadToken('k', 'job-aaaaaaaa', 2_000)); // a new delivery each time
    expect(verifyDownloadToken('k', 'job-aaaaaaaa', t, 2_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyDownloadToken('k', 'job-bbbbbbbb', t, 1_000)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyDownloadToken('k', 'job-aaaaaaaa', 'v2.1.x', 1_000)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyDownloadToken('k', 'job-aaaaaaaa', 'v1.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 1_000)).toEqual({ ok: false, reason: 'malformed' });
  });
});

test('no response carries the data folder, a server path or the client id', async () => {
  await call('GET', `/api/exports/${doneId}`);
  await call('GET', `/api/exports/${runningId}`);
  await call('POST', `/api/exports/${doneId}/link`);
  await call('GET', `/api/exports/${doneId}/events`);
  expect(seen.length).toBeGreaterThan(30);
  for (const r of seen) {
    const text = `${r.headers}\n${r.body}`;
    expect(text).not.toContain(dataDir);
    expect(text).not.toContain(tmpdir());
    expect(text).not.toContain('export.zip.part');
    expect(text).not.toContain(CLIENT_ID);
    expect(text).not.toMatch(/clientId|deleteAt|"params"/);
  }
});
