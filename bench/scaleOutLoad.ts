/**
 * Scale-out figures (`npm run bench:scale-out`, or the `scale-out` row of
 * `npm run bench`): real processes on 127.0.0.1, bounded in count and time.
 *
 * - today's single process (`src/server/main.ts`, jobs in memory, 8 slots);
 * - on BullMQ: a real `redis-server` on a free port, API processes with
 *   REDIS_URL, and 1 then 2 `workerMain.ts` processes (8 slots each).
 *
 * Each measures exports per minute (`exports` started at once, through the API
 * processes in turn, until every one is completed) and status requests per
 * second (`statusRequests` GETs with `concurrency` in flight, spread over the
 * API processes). Returns undefined for the Redis figures when `redis-server`
 * is not on the PATH.
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisServer, startCluster, startScript, waitForOutput } from '../src/server/scaleOut/testCluster';
import { getJob, isFinished, startExport } from '../src/server/scaleOut/testClient';

export interface ScaleOutOptions {
  exports?: number;
  statusRequests?: number;
  concurrency?: number;
  stageDelayMs?: number;
  size?: number;
}

export interface ScaleOutFigures {
  single: { exportsPerMin: number; statusRps: number };
  redis?: { oneWorkerExportsPerMin: number; twoWorkersExportsPerMin: number; statusRpsTwoApis: number; statusRpsOneApi: number };
  settings: Required<ScaleOutOptions>;
}

const SLOTS = 8;

async function exportsPerMinute(bases: string[], count: number, size: number): Promise<number> {
  const t0 = performance.now();
  const started = await Promise.all(Array.from({ length: count }, (_, i) => startExport(bases[i % bases.length] ?? '', { scope: `bench${i}`, params: { size } })));
  const ids = started.map((s) => {
    if (s.status !== 202) throw new Error(`bench: start answered ${s.status}`);
    return s.body.job.id;
  });
  const deadline = t0 + 30_000;
  const pending = new Set(ids);
  while (pending.size > 0) {
    if (performance.now() > deadline) throw new Error(`bench: ${pending.size} exports not finished after 30 s`);
    await Promise.all([...pending].map(async (id, i) => {
      const job = await getJob(bases[i % bases.length] ?? '', id);
      if (isFinished(job)) {
        if (job.status !== 'completed') throw new Error(`bench: export ${id} ended ${job.status}`);
        pending.delete(id);
      }
    }));
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 20));
  }
  return Math.round((count / (performance.now() - t0)) * 60_000);
}

async function statusPerSecond(bases: string[], total: number, concurrency: number): Promise<number> {
  const { body } = await startExport(bases[0] ?? '', { scope: 'status', params: { size: 1000 } });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const res = await fetch(`${bases[i % bases.length]}/api/exports/${body.job.id}`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`bench: status answered ${res.status}`);
    }
  }));
  return Math.round((total / (performance.now() - t0)) * 1000);
}

/** A few exports and requests first, so no figure carries the JIT's warm-up. */
async function warmUp(bases: string[], size: number): Promise<void> {
  await exportsPerMinute(bases, 8, size);
  await statusPerSecond(bases, 200, 4);
}

export async function runScaleOutLoad(opts: ScaleOutOptions = {}): Promise<ScaleOutFigures> {
  const settings: Required<ScaleOutOptions> = { exports: 64, statusRequests: 4000, concurrency: 16, stageDelayMs: 50, size: 64 * 1024, ...opts };
  const env = { EXPORT_STAGE_DELAY_MS: String(settings.stageDelayMs), EXPORT_MAX_ACTIVE_PER_CLIENT: '100000', LOG_LEVEL: 'error', WORKER_CONCURRENCY: String(SLOTS) };

  const dataDir = mkdtempSync(join(tmpdir(), 'rej-bench-single-'));
  const single = startScript('single', join('src', 'server', 'main.ts'), { ...env, PORT: '0', EXPORT_DATA_DIR: dataDir, DEMO_DIR: join(dataDir, 'none') });
  let singleFigures: ScaleOutFigures['single'];
  try {
    const [, url = ''] = await waitForOutput(single, /listening on (http:\/\/\S+)/, 20_000);
    await warmUp([url], settings.size);
    singleFigures = { exportsPerMin: await exportsPerMinute([url], settings.exports, settings.size), statusRps: await statusPerSecond([url], settings.statusRequests, settings.concurrency) };
  } finally {
    single.proc.kill('SIGKILL');
    await single.exited(5_000).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const redisServer = findRedisServer();
  if (!redisServer) return { single: singleFigures, settings };
  const cluster = await startCluster(redisServer, { stageDelayMs: settings.stageDelayMs, lockMs: 30_000, workerConcurrency: SLOTS });
  try {
    const [a, b] = await Promise.all([cluster.startApi(), cluster.startApi(), cluster.startWorker()]);
    const bases = [a.url, b.url];
    await warmUp(bases, settings.size);
    const oneWorker = await exportsPerMinute(bases, settings.exports, settings.size);
    await cluster.startWorker();
    await warmUp(bases, settings.size); // the new worker warms up too
    const twoWorkers = await exportsPerMinute(bases, settings.exports, settings.size);
    const statusOne = await statusPerSecond([a.url], settings.statusRequests, settings.concurrency);
    const statusTwo = await statusPerSecond(bases, settings.statusRequests, settings.concurrency);
    return {
      single: singleFigures,
      redis: { oneWorkerExportsPerMin: oneWorker, twoWorkersExportsPerMin: twoWorkers, statusRpsOneApi: statusOne, statusRpsTwoApis: statusTwo },
      settings,
    };
  } finally {
    await cluster.stop();
  }
}

if (require.main === module) {
  const t0 = performance.now();
  runScaleOutLoad().then(
    (f) => {
      const s = f.settings;
      console.log(`scale-out bench: ${s.exports} exports of ${s.size} B (stage delay ${s.stageDelayMs} ms, ${SLOTS} slots per process), ${s.statusRequests} status requests with ${s.concurrency} in flight`);
      console.log(`  single process, in memory:     ${f.single.exportsPerMin} exports/min, ${f.single.statusRps} status req/s`);
      if (f.redis) {
        console.log(`  BullMQ, 1 worker  (2 APIs):    ${f.redis.oneWorkerExportsPerMin} exports/min`);
        console.log(`  BullMQ, 2 workers (2 APIs):    ${f.redis.twoWorkersExportsPerMin} exports/min`);
        console.log(`  Redis store, 1 API process:    ${f.redis.statusRpsOneApi} status req/s`);
        console.log(`  Redis store, 2 API processes:  ${f.redis.statusRpsTwoApis} status req/s`);
      } else {
        console.log('  BullMQ figures skipped: no redis-server on the PATH (apt-get install redis-server)');
      }
      console.log(`  (${Math.round(performance.now() - t0)} ms in all; ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the end)`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
