import { expect } from './assertions';
import type { ContractCheck } from './types';

/**
 * The last check: every answer the other checks got (statuses, media types,
 * JSON bodies) matches the OpenAPI document given as `answerProblems`
 * (`npm run verify-server` passes docs/openapi.json through
 * openapiConformance.ts; this file stays free of the validator's dependency).
 */
export const openApiAnswersCheck: ContractCheck = {
  name: 'Every answer matches the OpenAPI document (status, Content-Type, body schema)',
  async run(ctx, shared) {
    if (!ctx.answerProblems) return { skip: 'no OpenAPI document was given (answerProblems)' };
    const problems = shared.responses.flatMap((answer) => ctx.answerProblems?.(answer) ?? []);
    expect(problems.length === 0, `${problems.length} of ${shared.responses.length} answers break the document:\n      ${problems.slice(0, 20).join('\n      ')}`);
  },
};
