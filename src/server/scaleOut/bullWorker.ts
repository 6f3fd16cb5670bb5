import { QueueEvents, Worker as BullWorker } from 'bullmq';
import { Redis } from 'ioredis';
import { createExportRunner } from '../exportRunner';
import type { JobStore } from '../jobStore';
import type { Lifecycle } from '../lifecycle';
import { QUEUE_NAME, bullPrefix, cancelChannel } from './bullQueue';

export interface BullWorkerOptions {
  url: string;
  store: JobStore;
  lifecycle: Lifecycle;
  /** The folder every process shares (the API serves the files from it). */
  dataDir: string;
  stageDelayMs: number;
  /** Jobs this process runs at once. Default 4. */
  concurrency?: number;
  /** BullMQ's lock: a worker that stops renewing it (killed) hands its job back after about this long. Default 30 s. */
  lockDurationMs?: number;
  /** The job store's prefix. Default `rej`. */
  prefix?: string;
  /** Told when a job starts here (the worker CLI logs it). */
  onStart?(id: string): void;
  onError?(error: unknown, jobId: string): void;
}

export interface ExportWorkerProcess {
  /** Drains: takes no new job, waits for the running ones (at most `graceMs`, then hands them back). */
  close(graceMs?: number): Promise<void>;
}

/**
 * The worker side of the shared queue: a BullMQ worker whose processor runs
 * the reference export (`exportRunner.ts`) against the shared store and
 * folder. A job handed back by a dead worker (BullMQ's stalled-job check)
 * runs again from the start here (`resume`: its leftovers are removed first);
 * one that BullMQ gives up on (stalled too often) is marked `failed`, so no
 * job stays `running` for ever. A cancel published by any API process aborts
 * the job where it runs (docs/design.md, "Scaling out").
 */
export function startBullWorker(opts: BullWorkerOptions): ExportWorkerProcess {
  const prefix = opts.prefix ?? 'rej';
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const connection = new Redis(opts.url, { maxRetriesPerRequest: null });
  const subscriber = new Redis(opts.url, { maxRetriesPerRequest: null });
  const runner = createExportRunner({ ...opts, ...(opts.onError ? { onError: opts.onError } : {}) });
  const worker = new BullWorker<{ id: string }>(
    QUEUE_NAME,
    async (job, _token, signal) => {
      const id = job.data.id;
      opts.onStart?.(id);
      await runner.run(id, signal ?? new AbortController().signal, { resume: true });
    },
    {
      connection,
      prefix: bullPrefix(prefix),
      concurrency: opts.concurrency ?? 4,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 1,
    },
  );
  worker.on('error', (error) => opts.onError?.(error, ''));
  const events = new QueueEvents(QUEUE_NAME, { connection: { lazyConnect: false, maxRetriesPerRequest: null, ...urlOptions(opts.url) }, prefix: bullPrefix(prefix) });
  events.on('failed', ({ jobId, failedReason }) => {
    void opts.lifecycle
      .transition(jobId, { status: 'failed', message: 'Export failed', error: { code: 'export_failed', message: `The export stopped: ${failedReason}` } }, 'failed')
      .catch((error: unknown) => opts.onError?.(error, jobId));
  });
  void subscriber.subscribe(cancelChannel(prefix));
  subscriber.on('message', (_channel: string, id: string) => {
    worker.cancelJob(id, 'cancelled');
  });

  return {
    async close(graceMs = 30_000) {
      await subscriber.quit().catch(() => undefined);
      const drained = worker.close().then(() => true);
      const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref());
      // Past the grace, leave: the locks expire and another worker takes the jobs over.
      if (!(await Promise.race([drained, timer]))) await worker.close(true).catch(() => undefined);
      await events.close().catch(() => undefined);
      await connection.quit().catch(() => undefined);
    },
  };
}

function urlOptions(url: string): { host: string; port: number; db: number; password?: string } {
  const u = new URL(url);
  const out: { host: string; port: number; db: number; password?: string } = {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: Number(u.pathname.slice(1) || 0),
  };
  if (u.password) out.password = decodeURIComponent(u.password);
  return out;
}
