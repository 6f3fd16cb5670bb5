import { Redis } from 'ioredis';
import type { ExportServerOptions } from '../createExportServer';
import { createBullQueue } from './bullQueue';
import { createRedisIdempotencyKeys } from './redisIdempotencyKeys';
import { createRedisJobStore } from './redisJobStore';

export interface RedisDeployment {
  /** What `createExportServer` takes to become one API process of many. */
  options: Required<Pick<ExportServerOptions, 'store' | 'queue' | 'idempotencyKeys'>>;
  /** Disconnects from Redis (after `server.close()`). */
  close(): Promise<void>;
}

/**
 * One API process of a scaled-out deployment (docs/design.md, "Scaling out"):
 * the job store, the queue and the `Idempotency-Key` table, all in the Redis at
 * `url`. Every API process also needs the same `dataDir` and `secret`.
 *
 * @example
 * const redis = await createRedisDeployment({ url: 'redis://127.0.0.1:6390' });
 * const server = createExportServer({ ...redis.options, dataDir: '/srv/exports', secret: process.env.EXPORT_SECRET });
 */
export async function createRedisDeployment(opts: { url: string; prefix?: string }): Promise<RedisDeployment> {
  const prefix = opts.prefix ?? 'rej';
  const store = createRedisJobStore({ url: opts.url, prefix });
  const connection = new Redis(opts.url, { maxRetriesPerRequest: null });
  await store.ready;
  const queue = createBullQueue({ connection, prefix });
  const idempotencyKeys = createRedisIdempotencyKeys({ redis: connection, prefix });
  return {
    options: { store, queue, idempotencyKeys },
    async close() {
      await store.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
