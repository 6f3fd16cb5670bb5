import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { IdempotencyClaim, IdempotencyKeys } from '../idempotencyKeys';
import { stableJson } from '../idempotencyKeys';

export interface RedisIdempotencyKeysOptions {
  redis: Redis;
  /** Key prefix, the job store's. Default `rej`. */
  prefix?: string;
  /** How long a key is remembered. Default 24 h. */
  ttlMs?: number;
  /** How long a replay waits for the first request (on any process) to settle. Default 10 s. */
  settleWaitMs?: number;
}

/**
 * The `Idempotency-Key` table shared by every API process (the rules of
 * `idempotencyKeys.ts`): a key is claimed with `SET NX` (one winner, even for
 * concurrent requests on two processes), holds the body's fingerprint and,
 * once the first request settled, its job id. A refused first request deletes
 * its key. Bounded by time (a Redis TTL), not by count.
 */
export function createRedisIdempotencyKeys(opts: RedisIdempotencyKeysOptions): IdempotencyKeys {
  const prefix = opts.prefix ?? 'rej';
  const ttlMs = Math.max(1000, opts.ttlMs ?? 24 * 60 * 60 * 1000);
  const settleWaitMs = opts.settleWaitMs ?? 10_000;
  const { redis } = opts;

  async function settledJobId(name: string): Promise<string | undefined> {
    const deadline = Date.now() + settleWaitMs;
    for (;;) {
      const jobId = await redis.hget(name, 'jobId');
      if (jobId) return jobId; // settled with a job
      if (jobId === null || Date.now() >= deadline) return undefined; // refused (deleted), or never settled
      await sleep(25);
    }
  }

  return {
    async claim(client, key, body) {
      const fingerprint = createHash('sha256').update(stableJson(body)).digest('base64url');
      const name = `${prefix}:idem:${createHash('sha256').update(`${client}\n${key}`).digest('base64url')}`;
      const owner = `${process.pid}:${Math.random()}`;
      const won = await redis.set(`${name}:lock`, owner, 'PX', ttlMs, 'NX');
      if (won === 'OK') {
        await redis.multi().hset(name, { fingerprint, jobId: '' }).pexpire(name, ttlMs).exec();
        const claim: IdempotencyClaim = {
          kind: 'new',
          settle(jobId) {
            const done = jobId === undefined ? redis.del(name, `${name}:lock`) : redis.hset(name, 'jobId', jobId);
            void done.catch(() => undefined);
          },
        };
        return claim;
      }
      // Claimed by another request: wait for its record (written right after the lock).
      let stored: string | null = null;
      for (let i = 0; i < 40 && stored === null; i++) {
        stored = await redis.hget(name, 'fingerprint');
        if (stored === null) await sleep(25);
      }
      if (stored !== null && stored !== fingerprint) return { kind: 'mismatch' };
      return { kind: 'replay', jobId: settledJobId(name) };
    },
    size: () => -1, // not counted: Redis expires the keys
  };
}
