/**
 * Bounded load run of the reference server on loopback:
 * `npm run bench:server` (or `runServerLoad()` from the main benchmark).
 *
 * Starts the server in-process on 127.0.0.1:0, then runs `exports`
 * concurrent exports and `statusRequests` status requests with at most
 * `concurrency` requests in flight, bounded by count AND by `maxMs`.
 */
import { performance } from 'node:perf_hooks';
import { createExportServer } from '../src/server/createExportServer';

export interface ServerLoadOptions {
  exports?: number;
  statusRequests?: number;
  concurrency?: number;
  maxMs?: number;
  /** Bytes per export. */
  size?: number;
  stageDelayMs?: number;
}

export interface LatencyFigures {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ServerLoadResult {
  durationMs: number;
  requests: number;
  throughputRps: number;
  errors: number;
  errorsByKind: Record<string, number>;
  start: LatencyFigures;
  status: LatencyFigures;
  exportsCompleted: number;
  exportsStarted: number;
  timeToAllCompletedMs: number | null;
  stoppedByTimeLimit: boolean;
}

function figures(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}
const round = (n: number) => Math.round(n * 100) / 100;

export async function runServerLoad(opts: ServerLoadOptions = {}): Promise<ServerLoadResult> {
  const exportsTotal = opts.exports ?? 200;
  const statusTotal = opts.statusRequests ?? 5000;
  const concurrency = opts.concurrency ?? 64;
  const maxMs = opts.maxMs ?? 30_000;
  const server = createExportServer({
    stageDelayMs: opts.stageDelayMs ?? 20,
    maxActivePerClient: Number.MAX_SAFE_INTEGER,
    maxJobs: exportsTotal + 100,
    concurrency: 16,
  });
  const { url } = await server.listen(0);
  const started = performance.now();
  const deadline = started + maxMs;
  const ids: string[] = [];
  const startLat: number[] = [];
  const statusLat: number[] = [];
  const errorsByKind: Record<string, number> = {};
  let requests = 0;
  let stoppedByTimeLimit = false;
  const fail = (kind: string) => (errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1);

  async function timed(lat: number[], input: string, init?: RequestInit): Promise<Response | undefined> {
    const t = performance.now();
    requests++;
    try {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      lat.push(performance.now() - t);
      if (!res.ok) fail(`http_${res.status}`);
      return new Response(body, { status: res.status });
    } catch (error) {
      fail((error as { cause?: { code?: string } }).cause?.code ?? 'network');
      return undefined;
    }
  }

  // A shared queue of work items: all exports first, then status requests interleaved.
  let nextExport = 0;
  let nextStatus = 0;
  async function lane(): Promise<void> {
    while (true) {
      if (performance.now() > deadline) {
        stoppedByTimeLimit = nextExport < exportsTotal || nextStatus < statusTotal;
        return;
      }
      if (nextExport < exportsTotal && (ids.length === 0 || nextExport * statusTotal <= nextStatus * exportsTotal)) {
        nextExport++;
        const res = await timed(startLat, `${url}/api/exports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ scope: `bench-${nextExport % 10}`, params: { size: opts.size ?? 16_384 } }),
        });
        if (res?.status === 202) ids.push(((await res.json()) as { job: { id: string } }).job.id);
      } else if (nextStatus < statusTotal && ids.length > 0) {
        const id = ids[nextStatus++ % ids.length]!;
        await timed(statusLat, `${url}/api/exports/${id}`);
      } else return;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  const loadMs = performance.now() - started;

  // How long until every started export is finished (bounded by the same deadline).
  let completed = 0;
  let timeToAll: number | null = null;
  while (performance.now() < deadline + 5_000) {
    const jobs = await server.store.list();
    completed = jobs.filter((j) => j.status === 'completed').length;
    if (jobs.every((j) => j.status !== 'pending' && j.status !== 'running')) {
      timeToAll = round(performance.now() - started);
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await server.close();
  const errors = Object.values(errorsByKind).reduce((a, b) => a + b, 0);
  return {
    durationMs: round(loadMs),
    requests,
    throughputRps: round((requests / loadMs) * 1000),
    errors,
    errorsByKind,
    start: figures(startLat),
    status: figures(statusLat),
    exportsStarted: ids.length,
    exportsCompleted: completed,
    timeToAllCompletedMs: timeToAll,
    stoppedByTimeLimit,
  };
}

function print(r: ServerLoadResult): void {
  console.log('redux-export-jobs reference server, loopback load run');
  console.log(`  requests        ${r.requests} in ${r.durationMs} ms  ->  ${r.throughputRps} req/s`);
  console.log(`  POST /exports   n=${r.start.count}  p50 ${r.start.p50} ms  p99 ${r.start.p99} ms  max ${r.start.max} ms`);
  console.log(`  GET status      n=${r.status.count}  p50 ${r.status.p50} ms  p99 ${r.status.p99} ms  max ${r.status.max} ms`);
  console.log(`  exports         ${r.exportsCompleted}/${r.exportsStarted} completed${r.timeToAllCompletedMs !== null ? `, all done after ${r.timeToAllCompletedMs} ms` : ''}`);
  console.log(`  errors          ${r.errors}${r.errors ? ` ${JSON.stringify(r.errorsByKind)}` : ''}${r.stoppedByTimeLimit ? '  (stopped by the time limit)' : ''}`);
}

const isMain = typeof require !== 'undefined' ? require.main === module : process.argv[1]?.endsWith('serverLoad.ts');
if (isMain) {
  const num = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
    return Number.isFinite(v) ? v : undefined;
  };
  runServerLoad({ exports: num('exports'), statusRequests: num('status'), concurrency: num('concurrency'), maxMs: num('max-ms'), size: num('size') })
    .then((r) => {
      print(r);
      process.exitCode = r.errors > 0 ? 1 : 0;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
