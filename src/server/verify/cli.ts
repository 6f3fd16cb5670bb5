/**
 * npm run verify-server -- --base-url http://127.0.0.1:8787 [--header "Authorization: Bearer x"] [--timeout 60000] [--openapi file]
 *
 * Runs the HTTP contract checks against any backend; prints one line per
 * check and exits 1 when one fails. Every answer is also checked against the
 * OpenAPI document (docs/openapi.json, or `--openapi <file>`).
 */
import { runContractChecks } from './checks';
import { createOpenApiValidator, loadOpenApiDocument } from './openapiConformance';

interface Args {
  baseUrl?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  openapi?: string;
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { baseUrl: process.env.VERIFY_BASE_URL, headers: {}, timeoutMs: 60_000, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--base-url') out.baseUrl = value();
    else if (flag === '--timeout') out.timeoutMs = Number(value());
    else if (flag === '--openapi') out.openapi = value();
    else if (flag === '--header') {
      const h = value() ?? '';
      const colon = h.indexOf(':');
      if (colon > 0) out.headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    } else if (flag === '--help' || flag === '-h') out.help = true;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.baseUrl) {
    console.log('usage: npm run verify-server -- --base-url http://127.0.0.1:8787 [--header "Name: value"]... [--timeout ms] [--openapi docs/openapi.json]');
    process.exitCode = args.help ? 0 : 2;
    return;
  }
  console.log(`Checking ${args.baseUrl} against the redux-export-jobs HTTP contract\n`);
  const validate = createOpenApiValidator(loadOpenApiDocument(args.openapi));
  let checked = 0;
  const summary = await runContractChecks(
    {
      baseUrl: args.baseUrl,
      headers: args.headers,
      jobTimeoutMs: args.timeoutMs,
      answerProblems: (answer) => {
        checked++;
        return validate(answer);
      },
    },
    (r) => {
      const mark = r.status === 'pass' ? 'PASS' : r.status === 'skip' ? 'SKIP' : 'FAIL';
      console.log(`${mark}  ${r.name} (${r.ms} ms)${r.message ? `\n      ${r.message}` : ''}`);
    },
  );
  console.log(`\n${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped; ${checked} answers checked against ${args.openapi ?? 'docs/openapi.json'}`);
  process.exitCode = summary.failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`verify-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
