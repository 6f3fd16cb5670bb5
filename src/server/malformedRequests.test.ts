import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { rawSocket as rawSocketAt, sendRaw } from './testRawHttp';

let server: ExportServer;
let port: number;

beforeAll(async () => {
  server = createExportServer({ stageDelayMs: 0, faultsAdmin: false, maxSizeBytes: 1_000_000 });
  port = Number(new URL((await server.listen(0)).url).port);
});

afterAll(async () => {
  await server.close({ graceMs: 100 });
});

const send = (method: string, path: string, headers: Record<string, string>, body: string | undefined) => sendRaw(port, method, path, headers, body);
const rawSocket = (bytes: string) => rawSocketAt(port, bytes);

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
