import { badTokenCheck, fileCheck, linkCheck, linkUnfinishedCheck, noTokenCheck, receiptsCheck } from './downloadChecks';
import { errorBodiesCheck, malformedCheck, traversalCheck, unicodeNameCheck, unknownIdsCheck } from './hostileInputChecks';
import { cancelCompletedCheck, cancelRunningCheck, idempotencyCheck, sseCheck, sseResumeCheck, startCheck, statusCheck } from './jobChecks';
import { openApiAnswersCheck } from './openapiCheck';
import type { CheckContext, CheckResult, ContractCheck, Shared } from './types';

export type { CheckContext, CheckResult, ContractCheck, RecordedAnswer } from './types';

/**
 * HTTP contract checks of the API in src/server/README.md, runnable against any base URL:
 * `npm run verify-server -- --base-url http://127.0.0.1:8787`. They only
 * use HTTP, so a team can point them at its own backend. Checks run in
 * this order and share the jobs they create; the last one checks every
 * answer the others got against the OpenAPI document (docs/openapi.json).
 */
export const contractChecks: ContractCheck[] = [
  startCheck,
  idempotencyCheck,
  statusCheck,
  sseCheck,
  sseResumeCheck,
  linkCheck,
  fileCheck,
  receiptsCheck,
  noTokenCheck,
  badTokenCheck,
  cancelCompletedCheck,
  linkUnfinishedCheck,
  cancelRunningCheck,
  unknownIdsCheck,
  malformedCheck,
  traversalCheck,
  unicodeNameCheck,
  errorBodiesCheck,
  openApiAnswersCheck,
];

/** Runs every check in order; `onResult` is called as each one ends. */
export async function runContractChecks(
  options: Partial<CheckContext> & { baseUrl: string },
  onResult?: (result: CheckResult) => void,
): Promise<{ results: CheckResult[]; passed: number; failed: number; skipped: number }> {
  const ctx: CheckContext = {
    fetch: (input, init) => globalThis.fetch(input, init),
    headers: {},
    jobTimeoutMs: 60_000,
    exportBody: { scope: 'contract-check', params: { size: 20_000 }, fileName: 'contract-check.zip' },
    bigParams: { size: 200 * 1024 * 1024 },
    ...options,
  };
  const shared: Shared = { responses: [] };
  const results: CheckResult[] = [];
  for (const check of contractChecks) {
    const started = Date.now();
    let result: CheckResult;
    try {
      const outcome = await check.run(ctx, shared);
      result = outcome ? { name: check.name, status: 'skip', ms: Date.now() - started, message: outcome.skip } : { name: check.name, status: 'pass', ms: Date.now() - started };
    } catch (error) {
      result = { name: check.name, status: 'fail', ms: Date.now() - started, message: error instanceof Error ? error.message : String(error) };
    }
    results.push(result);
    onResult?.(result);
  }
  return {
    results,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
  };
}
