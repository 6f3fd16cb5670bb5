import { createHash } from 'node:crypto';

/**
 * `Idempotency-Key` of `POST /api/exports`: the same key from the same
 * client within `ttlMs` answers the job the first request started, and no
 * second job is made; the same key with another body is refused (422).
 * Bounded in time (`ttlMs`, default 24 h) and count (`maxKeys`, default
 * 10 000, the oldest dropped first). A start that was refused (429, 503...)
 * leaves no key behind, so the client can retry with it.
 *
 * Kept in this process's memory: several processes behind a load balancer
 * share one table instead (`scaleOut/redisIdempotencyKeys.ts`, the same
 * interface over Redis).
 */
export const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_.:-]{1,200}$/;

export type IdempotencyClaim =
  /** First use: the caller starts the job and calls `settle` with its id (or `undefined` when it started none). */
  | { kind: 'new'; settle(jobId: string | undefined): void }
  /** Seen before with the same body: the job id of the first request (`undefined` if it started none). */
  | { kind: 'replay'; jobId: Promise<string | undefined> }
  /** Seen before with another body. */
  | { kind: 'mismatch' };

export interface IdempotencyKeys {
  /** Synchronous in memory; a shared table (`scaleOut/redisIdempotencyKeys.ts`) answers asynchronously. */
  claim(client: string, key: string, body: unknown): IdempotencyClaim | Promise<IdempotencyClaim>;
  size(): number;
}

interface Entry {
  fingerprint: string;
  at: number;
  jobId: Promise<string | undefined>;
}

export function createIdempotencyKeys(opts: { now: () => number; ttlMs?: number; maxKeys?: number }): IdempotencyKeys & { claim(client: string, key: string, body: unknown): IdempotencyClaim } {
  const ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
  const maxKeys = Math.max(1, opts.maxKeys ?? 10_000);
  const entries = new Map<string, Entry>(); // insertion order = age

  const prune = (t: number): void => {
    for (const [k, e] of entries) {
      if (t - e.at < ttlMs && entries.size <= maxKeys) break;
      entries.delete(k);
    }
  };

  return {
    claim(client, key, body) {
      const t = opts.now();
      prune(t);
      const id = `${client}\n${key}`;
      const fingerprint = createHash('sha256').update(stableJson(body)).digest('base64url');
      const existing = entries.get(id);
      if (existing && t - existing.at < ttlMs) {
        return existing.fingerprint === fingerprint ? { kind: 'replay', jobId: existing.jobId } : { kind: 'mismatch' };
      }
      let resolve: (jobId: string | undefined) => void = () => undefined;
      const entry: Entry = { fingerprint, at: t, jobId: new Promise((r) => (resolve = r)) };
      entries.delete(id);
      entries.set(id, entry);
      prune(t);
      return {
        kind: 'new',
        settle(jobId) {
          if (jobId === undefined && entries.get(id) === entry) entries.delete(id);
          resolve(jobId);
        },
      };
    },
    size: () => entries.size,
  };
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same body. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
