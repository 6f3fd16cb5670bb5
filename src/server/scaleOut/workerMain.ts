/**
 * `npm run worker`: one export worker process of a scaled-out deployment
 * (src/server/README.md, "Scaled out on BullMQ"). Run as many as you like.
 *
 *   REDIS_URL=redis://127.0.0.1:6379   the Redis every API and worker process shares (required)
 *   EXPORT_DATA_DIR=/srv/exports       the folder every process shares (required)
 *   EXPORT_STAGE_DELAY_MS=750          minimum duration of each job stage
 *   WORKER_CONCURRENCY=4               jobs run at once by this process
 *   WORKER_LOCK_MS=30000               a killed worker's jobs are handed back after about this long
 *   WORKER_DRAIN_MS=30000              on SIGTERM: how long running jobs may finish before they are handed back
 *   REDIS_PREFIX=rej                   prefix of every key, the same for every process
 */
import { resolve } from 'node:path';
import { createLifecycle } from '../lifecycle';
import { startBullWorker } from './bullWorker';
import { createRedisJobStore } from './redisJobStore';
import { exitWhenDone, onStopSignals } from '../processExit';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

async function main(): Promise<void> {
  const url = process.env.REDIS_URL;
  const dataDir = process.env.EXPORT_DATA_DIR;
  if (!url || !dataDir) throw new Error('npm run worker needs REDIS_URL and EXPORT_DATA_DIR (the folder the API processes serve files from)');
  const prefix = process.env.REDIS_PREFIX ?? 'rej';
  const store = createRedisJobStore({ url, prefix });
  await store.ready;
  const lifecycle = createLifecycle({ store, dataDir: resolve(dataDir), now: Date.now, jobTtlMs: intEnv('EXPORT_JOB_TTL_MS', 60 * 60 * 1000) });
  const worker = startBullWorker({
    url,
    prefix,
    store,
    lifecycle,
    dataDir: resolve(dataDir),
    stageDelayMs: intEnv('EXPORT_STAGE_DELAY_MS', 750),
    concurrency: intEnv('WORKER_CONCURRENCY', 4),
    lockDurationMs: intEnv('WORKER_LOCK_MS', 30_000),
    onStart: (id) => console.log(`worker ${process.pid} runs ${id}`),
    onError: (error, jobId) => console.error(`worker ${process.pid}: ${jobId || 'queue'}: ${error instanceof Error ? error.message : String(error)}`),
  });
  console.log(`export worker ${process.pid} ready (${url}, files in ${resolve(dataDir)})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`worker ${process.pid}: ${signal}, draining`);
    exitWhenDone(
      worker.close(intEnv('WORKER_DRAIN_MS', 30_000)).then(() => store.close()),
      () => console.log(`worker ${process.pid}: drained`),
    );
  };
  onStopSignals(stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
