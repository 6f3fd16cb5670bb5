import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { join } from 'node:path';
import { createExportServer } from './createExportServer';
import type { ExportServer } from './createExportServer';
import { OPENAPI_FILE, generateOpenApiText } from './openapiDocument';

interface Operation {
  operationId?: string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const committedText = readFileSync(join(__dirname, '..', '..', OPENAPI_FILE), 'utf8');
const doc = JSON.parse(committedText) as Document;
const op = (path: string, method: string): Operation => {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not in ${OPENAPI_FILE}`);
  return found;
};
const statuses = (path: string, method: string) => Object.keys(op(path, method).responses);

let server: ExportServer;
const registered: string[] = [];
beforeAll(async () => {
  server = createExportServer({
    stageDelayMs: 0,
    setup: (app) => {
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) registered.push(`${method.toLowerCase()} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
      });
    },
  });
  await server.listen(0);
});
afterAll(() => server.close({ graceMs: 100 }));

test(`${OPENAPI_FILE} is what the route schemas generate (run npm run openapi after changing a route)`, async () => {
  expect(committedText).toBe(await generateOpenApiText());
});

test('the server serves the document at GET /api/openapi.json, as OpenAPI 3.1', async () => {
  const answer = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(answer.statusCode).toBe(200);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.json()).toEqual(doc);
  expect(doc.openapi).toBe('3.1.0');
});

test('every route the server answers is documented, each operation with a unique id', () => {
  // Routes seen by an onRoute hook (set up before the API routes; the document route itself comes earlier).
  const routes = [...registered, 'get /api/openapi.json', 'head /api/openapi.json'];
  const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
  expect(registered.length).toBeGreaterThan(10);
  expect(documented.sort()).toEqual(routes.sort());
  const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
});

test('every error answer is the documented {"error":{"code","message"}} shape', () => {
  const errorBody = { $ref: '#/components/schemas/ErrorBody' };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect([`${method} ${path} ${status}`, answer.content?.['application/json']?.schema]).toEqual([`${method} ${path} ${status}`, errorBody]);
      }
    }
  }
  expect(doc.components.schemas.ErrorBody).toMatchObject({ required: ['error'], properties: { error: { required: ['code', 'message'] } } });
});

test('the file answers: 200 and 206 (Content-Range) as application/zip, 304 without a body, 416 with Content-Range', () => {
  const file = op('/api/exports/{id}/file', 'get');
  expect(statuses('/api/exports/{id}/file', 'get')).toEqual(expect.arrayContaining(['200', '206', '304', '401', '403', '404', '409', '410', '416']));
  expect(Object.keys(file.responses['200']?.content ?? {})).toEqual(['application/zip']);
  expect(Object.keys(file.responses['206']?.headers ?? {})).toEqual(expect.arrayContaining(['Content-Range', 'ETag', 'Accept-Ranges', 'Content-Disposition']));
  expect(file.responses['304']?.content).toBeUndefined();
  expect(Object.keys(file.responses['416']?.headers ?? {})).toEqual(['Content-Range']);
  expect(file.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
    expect.arrayContaining(['query:token', 'header:authorization', 'header:range', 'header:if-range', 'header:if-none-match']),
  );
});

test('the event stream is text/event-stream, with 204 once past the terminal event, and Last-Event-ID', () => {
  const events = op('/api/exports/{id}/events', 'get');
  expect(Object.keys(events.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
  expect(events.responses['204']?.content).toBeUndefined();
  expect(events.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['query:lastEventId', 'header:last-event-id']));
  expect(doc.paths['/api/exports/{id}/events']?.head).toBeDefined();
});

test('the start: optional body, Idempotency-Key, 202 with Location, 422, and 429/503 with Retry-After', () => {
  const start = op('/api/exports', 'post');
  expect(start.requestBody?.required).toBe(false);
  expect(start.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('header:idempotency-key');
  expect(Object.keys(start.responses['202']?.headers ?? {})).toEqual(['Location', 'Idempotent-Replayed']);
  expect(statuses('/api/exports', 'post')).toEqual(expect.arrayContaining(['202', '400', '409', '413', '415', '422', '429', '503']));
  for (const status of ['429', '503']) expect(Object.keys(start.responses[status]?.headers ?? {})).toEqual(['Retry-After']);
});

test('job answers carry the delivery receipts; link answers name their delivery', () => {
  expect(doc.components.schemas.ExportJob?.properties?.deliveries).toEqual(
    expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/Delivery' } }),
  );
  expect(doc.components.schemas.LinkAnswer?.properties).toEqual(expect.objectContaining({ deliveryId: expect.any(Object) }));
  for (const [path, method] of [['/api/exports/{id}', 'get'], ['/api/exports/{id}/cancel', 'post']] as const) {
    expect(op(path, method).responses['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/JobAnswer' });
  }
});

test('the published server entry loads @fastify/swagger as an optional peer and carries no validator (ajv stays in verify-server)', async () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
  };
  expect(pkg.peerDependenciesMeta['@fastify/swagger']?.optional).toBe(true);
  const result = await build({
    entryPoints: [join(__dirname, 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    external: Object.keys(pkg.peerDependencies),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.inputs);
  expect(inputs.flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path))).toContain('@fastify/swagger');
  expect(Object.keys(result.metafile.inputs).filter((file) => /ajv|openapiConformance/.test(file))).toEqual([]);
});
