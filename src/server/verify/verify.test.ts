import { createExportServer } from '../createExportServer';
import type { ExportServerOptions } from '../createExportServer';
import { contractChecks, runContractChecks } from './checks';
import { createOpenApiValidator, loadOpenApiDocument } from './openapiConformance';

const OPENAPI_CHECK = 'Every answer matches the OpenAPI document (status, Content-Type, body schema)';
const answerProblems = createOpenApiValidator(loadOpenApiDocument());

async function verify(options: ExportServerOptions, fetchImpl?: typeof fetch) {
  const server = createExportServer(options);
  const { url } = await server.listen(0);
  try {
    return await runContractChecks({ baseUrl: url, jobTimeoutMs: 15_000, answerProblems, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  } finally {
    await server.close();
  }
}

test('the reference server passes every HTTP contract check, and every answer matches docs/openapi.json', async () => {
  const summary = await verify({ stageDelayMs: 40 });
  const failures = summary.results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.name}: ${r.message}`);
  expect(failures).toEqual([]);
  expect(summary.passed).toBe(contractChecks.length);
  expect(summary.results.map((r) => r.name)).toContain(OPENAPI_CHECK);
});

test('a check fails loudly against a server that breaks the contract', async () => {
  // A backend that forgets filename* and answers 200 to unauthenticated downloads.
  const broken: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const href = String(input);
    if (href.includes('/file') && !href.includes('token=')) {
      return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return res;
  };
  const summary = await verify({ stageDelayMs: 10 }, broken);
  const failed = summary.results.filter((r) => r.status === 'fail').map((r) => r.name);
  expect(failed).toContain('GET file without a token answers 401');
});

test('a server whose answers break the OpenAPI document (an extra error field, an undocumented status) is reported', async () => {
  const summary = await verify({
    stageDelayMs: 10,
    setup: (app) => {
      app.addHook('onSend', async (request, reply, payload) => {
        if (request.method === 'POST' && request.url.endsWith('/cancel') && reply.statusCode === 409) reply.code(418);
        if (reply.statusCode !== 404 || typeof payload !== 'string') return payload;
        return payload.replace('"message":', '"trace":"at routes.ts:12","message":');
      });
    },
  });
  const openapi = summary.results.find((r) => r.name === OPENAPI_CHECK);
  expect(openapi?.status).toBe('fail');
  expect(openapi?.message).toMatch(/GET \/api\/exports\/A+ -> 404 \(getExport\): the body does not match the schema \(\/error must NOT have additional properties\)/);
  expect(openapi?.message).toMatch(/POST \/api\/exports\/\S+\/cancel -> 418: 418 is not a documented answer of cancelExport/);
  // The older checks read error bodies loosely: only the OpenAPI check sees the extra field.
  expect(summary.results.find((r) => r.name === 'Unknown ids answer 404 {error} on every route')?.status).toBe('pass');
});
