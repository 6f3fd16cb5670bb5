import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobQueue } from '../jobQueue';

/** Names shared by the API side (`bullQueue.ts`) and the workers (`bullWorker.ts`). */
export const QUEUE_NAME = 'exports';
export const bullPrefix = (prefix: string): string => `${prefix}:bull`;
export const cancelChannel = (prefix: string): string => `${prefix}:cancel`;

export interface BullQueueOptions {
  /** A connection for commands (BullMQ wants `maxRetriesPerRequest: null`). */
  connection: Redis;
  /** The job store's prefix. Default `rej`. */
  prefix?: string;
}

/**
 * The API side of the shared queue: a job stored as `pending` is added to
 * BullMQ under its own id (so adding it twice runs it once); a cancel is
 * published to every worker process, and the one that runs the job aborts it
 * and removes its partial output (`bullWorker.ts`). `close()` disconnects
 * only: the jobs belong to the workers (docs/design.md, "Scaling out").
 */
export function createBullQueue(opts: BullQueueOptions): JobQueue {
  const prefix = opts.prefix ?? 'rej';
  const queue = new Queue<{ id: string }>(QUEUE_NAME, { connection: opts.connection, prefix: bullPrefix(prefix) });
  return {
    async enqueue(id) {
      await queue.add('export', { id }, { jobId: id, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } });
    },
    async cancel(id) {
      await opts.connection.publish(cancelChannel(prefix), id);
    },
    async close() {
      await queue.close();
    },
  };
}
