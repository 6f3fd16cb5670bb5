/**
 * `npm run bench`: one table, each row measuring redux-export-jobs and a
 * baseline in the same run. The baseline (bench/baseline/) is the
 * hand-written export hook of the bug note, rebuilt from docs/failure-modes.md;
 * the dispatch-overhead row compares with a bare RTK store instead.
 *
 * Prints the table (markdown) and the notes saying how each row was
 * measured, and writes both to bench/results.md (overwritten each run).
 * Counts are exact; timings come from tinybench. Progress goes to stderr.
 *
 * Then the peer bench (bench/peers/run.ts, also `npm run bench:peers`):
 * the same page with RTK Query and TanStack Query, in real Chromium, in a
 * table of its own (figure | ours | RTK Query | TanStack Query).
 *
 * `npm run bench -- --only duplicates,tabs` runs some rows only (`peers`
 * names the peer bench), and does not touch bench/results.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { RowResult } from './rows/common';
import { runAuthLoop } from './rows/authLoop';
import { runBundle } from './rows/bundle';
import { runClaimLatency } from './rows/claimLatency';
import { runDispatchOverhead } from './rows/dispatch';
import { runDelivery } from './rows/delivery';
import { runDuplicates } from './rows/duplicates';
import { runServer } from './rows/server';
import { runStorageWrites } from './rows/storageWrites';
import { runStoredSize } from './rows/storedSize';
import { runTabs } from './rows/tabs';
import { runPeerBench } from './peers/run';
import { peerSection } from './peers/table';

const ROOT = join(__dirname, '..');

/** render isolation runs in its own process: it installs jsdom's globals. */
async function runRenderIsolation(): Promise<RowResult> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'rows', 'render.tsx')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  let parsed: { missing?: string; ours?: { perTick: number; max: number }; baseline?: { perTick: number; max: number }; ticks?: number; jobs?: number } = {};
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    throw new Error(`bench: render isolation failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
  }
  if (parsed.missing || !parsed.ours || !parsed.baseline) {
    return {
      row: 'render isolation',
      ours: 'n/a (React entry missing)',
      baseline: 'n/a',
      ratio: 'n/a',
      goal: '1 row per tick',
      met: 'no',
      note: `render isolation: src/react.ts could not be loaded (${parsed.missing ?? 'no figures'}).`,
    };
  }
  const { ours, baseline } = parsed;
  const per = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(2)} row${n === 1 ? '' : 's'}/tick`;
  return {
    row: 'render isolation',
    ours: `${per(ours.perTick)} (max ${ours.max})`,
    baseline: `${per(baseline.perTick)} (max ${baseline.max})`,
    ratio: `${(ours.perTick / baseline.perTick).toFixed(2)}x`,
    goal: '1 row per tick',
    met: ours.perTick === 1 && ours.max === 1 ? 'yes' : 'no',
    note:
      `render isolation: ${parsed.jobs} jobs on screen in jsdom (react-dom/client, React.Profiler around each row), ${parsed.ticks} progress ticks, one job per tick; ` +
      'ours = ExportProgressPanel from src/react.ts in a react-redux Provider over createExportsStore; baseline = a context provider whose memo\'d rows read the context (bench/baseline/BaselinePanel.tsx).',
  };
}

const ROWS: Array<[string, () => Promise<RowResult>]> = [
  ['duplicates', runDuplicates],
  ['dispatch', runDispatchOverhead],
  ['storage', runStorageWrites],
  ['stored', runStoredSize],
  ['latency', runClaimLatency],
  ['render', runRenderIsolation],
  ['bundle', runBundle],
  ['tabs', runTabs],
  ['server', runServer],
  ['auth', runAuthLoop],
  ['delivery', runDelivery],
];

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function table(rows: RowResult[]): string {
  const header = ['row', 'ours', 'baseline', 'ratio', 'goal', 'met?'];
  const cells = rows.map((r) => [r.row, r.ours, r.baseline, r.ratio, r.goal, r.met].map((c) => c.replace(/\|/g, '\\|')));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : null;
  const started = process.hrtime.bigint();
  const results: RowResult[] = [];
  for (const [name, run] of ROWS) {
    if (only && !only.has(name)) continue;
    const t = process.hrtime.bigint();
    process.stderr.write(`bench: ${name}...`);
    const result = await run();
    results.push(result);
    process.stderr.write(` ${seconds(t).toFixed(1)} s\n`);
  }
  // The peers (bench/peers): a table of their own, after the rows (`--only peers` runs it alone).
  let peers = '';
  if (!only || only.has('peers')) {
    const t = process.hrtime.bigint();
    process.stderr.write('bench: peers...');
    peers = peerSection(await runPeerBench());
    process.stderr.write(` ${seconds(t).toFixed(1)} s\n`);
  }
  const total = seconds(started);
  const cpu = cpus();
  const env = `Node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${process.platform}; run took ${total.toFixed(0)} s.`;
  const notes = results.filter((r) => r.note).map((r) => `- ${r.note}`);
  const ratios =
    'ratio = ours / baseline (lower is better) except dispatch overhead (ops/s ours / bare store: higher is better). ' +
    'met? judges ours against the goal. Baseline = bench/baseline/ (the hand-written hook of the bug note, flaws documented there by docs/failure-modes.md row), ' +
    'except dispatch overhead (a bare RTK store) and server (none).';
  const text = [...(results.length > 0 ? [table(results), '', ratios, '', ...notes, ''] : []), ...(peers ? [peers, ''] : []), env].join('\n');
  console.log(text);
  if (!only) {
    const md = [
      '# Benchmark results',
      '',
      'Printed by `npm run bench` (bench/run.ts), which overwrites this file on each run.',
      `Generated ${new Date().toISOString()}.`,
      '',
      text,
      '',
    ].join('\n');
    writeFileSync(join(ROOT, 'bench', 'results.md'), md);
    process.stderr.write('bench: wrote bench/results.md\n');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
