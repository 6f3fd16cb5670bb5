/**
 * server: the reference export server on loopback, driven by
 * bench/serverLoad.ts (`runServerLoad`) with bounded counts: 50 exports,
 * 3,000 status requests, 16 in flight, at most 15 s. There is no baseline
 * server (the hand-written app had none of its own here).
 */
import { runServerLoad } from '../serverLoad';
import { fmtInt } from '../lib/stats';
import type { RowResult } from './common';

export async function runServer(): Promise<RowResult> {
  const r = await runServerLoad({ exports: 50, statusRequests: 3_000, concurrency: 16, maxMs: 15_000 });
  const statusRps = (r.status.count / r.durationMs) * 1_000;
  return {
    row: 'server (loopback)',
    ours: `${fmtInt(statusRps)} status req/s, p50 ${r.status.p50} ms, p99 ${r.status.p99} ms`,
    baseline: 'n/a',
    ratio: 'n/a',
    goal: 'print it',
    met: '—',
    note:
      `server: runServerLoad on 127.0.0.1, ${r.exportsStarted} exports + ${fmtInt(r.status.count)} GET /api/exports/:id with 16 in flight: ${fmtInt(r.requests)} requests in ${fmtInt(r.durationMs)} ms ` +
      `(${fmtInt(r.throughputRps)} req/s in all; status req/s = status requests / run time); errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.errorsByKind)}` : ''}; ` +
      `${r.exportsCompleted}/${r.exportsStarted} exports completed${r.timeToAllCompletedMs !== null ? ` after ${fmtInt(r.timeToAllCompletedMs)} ms` : ''}${r.stoppedByTimeLimit ? ' (stopped by the time limit)' : ''}.`,
  };
}
