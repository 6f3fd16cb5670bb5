import { createExportServer } from '../createExportServer';
import { contractChecks, runContractChecks } from './checks';

test('the reference server passes every HTTP contract check', async () => {
  const server = createExportServer({ stageDelayMs: 40 });
  const { url } = await server.listen(0);
  try {
    const summary = await runContractChecks({ baseUrl: url, jobTimeoutMs: 15_000 });
    const failures = summary.results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.name}: ${r.message}`);
    expect(failures).toEqual([]);
    expect(summary.passed).toBe(contractChecks.length);
  } finally {
    await server.close();
  }
});

test('a check fails loudly against a server that breaks the contract', async () => {
  const server = createExportServer({ stageDelayMs: 10 });
  // A backend that forgets filename* and answers 200 to unauthenticated downloads.
  const { url } = await server.listen(0);
  const broken: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const href = String(input);
    if (href.includes('/file') && !href.includes('token=')) {
      return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return res;
  };
  try {
    const summary = await runContractChecks({ baseUrl: url, fetch: broken, jobTimeoutMs: 15_000 });
    const failed = summary.results.filter((r) => r.status === 'fail').map((r) => r.name);
    expect(failed).toContain('GET file without a token answers 401');
  } finally {
    await server.close();
  }
});
