import { Redis } from 'ioredis';
import type { JobStore } from '../jobStore';
import type { ServerEventType, ServerJob, StoredEvent } from '../types';
import { ACTIVE_STATUSES, toJobView } from '../types';
import { APPEND_SCRIPT, COMMIT_SCRIPT } from './redisScripts';
import { createEventListeners } from '../eventListeners';

export interface RedisJobStoreOptions {
  /** `redis://127.0.0.1:6379/0`, the same for every API and worker process. */
  url: string;
  /** Prefix of every key and channel, so several deployments can share one Redis. Default `rej`. */
  prefix?: string;
  /** Events kept per job (approximately: Redis trims the stream in whole nodes); the terminal event is always kept. Default 256. */
  maxEventsPerJob?: number;
  /** How long an expired job's tombstone answers 410 (then 404). Default 24 h. */
  tombstoneTtlMs?: number;
}

/** A JobStore shared by processes, plus what only its owner may do. */
export interface RedisJobStore extends JobStore {
  /** Resolves once the event subscription is live (subscribe() misses nothing after that). */
  ready: Promise<void>;
  /** Disconnects (the data stays in Redis). */
  close(): Promise<void>;
}

/** A commit that keeps losing the compare-and-set gives up (a job has few writers: its worker, a cancel, receipts). */
const MAX_COMMIT_ATTEMPTS = 50;

/**
 * The job store over Redis: any API process answers for any job, and every
 * process sees every job's events in the same order (docs/design.md, "Scaling
 * out"). Changes are compare-and-set Lua scripts (`redisScripts.ts`); each
 * job's events are a Redis stream (for `Last-Event-ID` resume from any process)
 * and are published for live SSE; the per-client active count is a Redis set,
 * so the fairness limits hold across processes. Not for Redis Cluster (a
 * change touches the job's keys and its client's set at once).
 */
export function createRedisJobStore(options: RedisJobStoreOptions): RedisJobStore {
  const prefix = options.prefix ?? 'rej';
  const maxEvents = String(Math.max(16, options.maxEventsPerJob ?? 256));
  const tombstoneTtlMs = Math.max(1000, options.tombstoneTtlMs ?? 24 * 60 * 60 * 1000);
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
  const subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
  const listeners = createEventListeners();
  const key = {
    job: (id: string) => `${prefix}:job:${id}`,
    events: (id: string) => `${prefix}:ev:${id}`,
    active: (client: string) => `${prefix}:active:${client}`,
    tomb: (id: string) => `${prefix}:tomb:${id}`,
    jobs: `${prefix}:jobs`,
  };
  const eventChannelPrefix = `${prefix}:ev:`;

  subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
    const id = channel.slice(eventChannelPrefix.length);
    if (listeners.has(id)) listeners.emit(id, JSON.parse(message) as StoredEvent);
  });
  const ready = subscriber.psubscribe(`${eventChannelPrefix}*`).then(() => undefined);
  ready.catch(() => undefined);

  const parse = (json: string | null): ServerJob | undefined => (json === null ? undefined : (JSON.parse(json) as ServerJob));
  const isActive = (job: ServerJob) => (ACTIVE_STATUSES.has(job.status) ? '1' : '0');

  const store: RedisJobStore = {
    ready,
    async commit(id, change) {
      // Optimistic: another process may change the job between the read and the script.
      for (let attempt = 0; ; attempt++) {
        if (attempt === MAX_COMMIT_ATTEMPTS) throw new Error(`job ${id} changed ${MAX_COMMIT_ATTEMPTS} times in a row during one commit`);
        const [json, rev] = await redis.hmget(key.job(id), 'json', 'rev');
        const current = parse(json ?? null);
        if (!current || rev === null || rev === undefined) return undefined;
        const next = change({ ...current });
        if (!next) return undefined;
        const updated: ServerJob = { ...current, ...next.patch };
        const view = next.event ? JSON.stringify(toJobView(updated)) : '';
        const result = await redis.eval(
          COMMIT_SCRIPT,
          3,
          key.job(id),
          key.events(id),
          key.active(updated.clientId),
          rev,
          JSON.stringify(updated),
          next.event ?? '',
          view,
          isActive(updated),
          maxEvents,
          id,
        );
        if (result === -2) return undefined;
        if (result !== -1) return parse(JSON.stringify(updated)); // a copy, as JSON would give it
      }
    },
    async insert(job) {
      const multi = redis.multi().del(key.events(job.id)).hset(key.job(job.id), { json: JSON.stringify(job), rev: '0', seq: '0', client: job.clientId });
      multi.sadd(key.jobs, job.id);
      if (ACTIVE_STATUSES.has(job.status)) multi.sadd(key.active(job.clientId), job.id);
      await multi.exec();
    },
    async get(id) {
      return parse(await redis.hget(key.job(id), 'json'));
    },
    update(id, patch) {
      return store.commit(id, () => ({ patch, event: null }));
    },
    async remove(id, opts) {
      const client = await redis.hget(key.job(id), 'client');
      const multi = redis.multi().del(key.job(id), key.events(id)).srem(key.jobs, id);
      if (client !== null) multi.srem(key.active(client), id);
      if (opts?.tombstone) multi.set(key.tomb(id), '1', 'PX', tombstoneTtlMs);
      await multi.exec();
    },
    async isExpired(id) {
      return (await redis.exists(key.tomb(id))) === 1;
    },
    async list() {
      const ids = await redis.smembers(key.jobs);
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hget(key.job(id), 'json');
      const answers = (await pipeline.exec()) ?? [];
      return answers.map(([, json]) => parse(typeof json === 'string' ? json : null)).filter((j): j is ServerJob => j !== undefined);
    },
    async countActive(clientId) {
      return redis.scard(key.active(clientId));
    },
    async count() {
      return redis.scard(key.jobs);
    },
    async appendEvent(id, type: ServerEventType, view) {
      const seq = await redis.eval(APPEND_SCRIPT, 2, key.job(id), key.events(id), '', '', type, JSON.stringify(view), '', maxEvents);
      return typeof seq === 'number' && seq > 0 ? { id: seq, type, job: view } : undefined;
    },
    async eventsAfter(id, afterId) {
      const [entries, terminal] = await Promise.all([
        redis.xrange(key.events(id), `(0-${afterId}`, '+'),
        redis.hget(key.job(id), 'terminal'),
      ]);
      const events = entries.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as StoredEvent);
      const last = terminal === null ? undefined : (JSON.parse(terminal) as StoredEvent);
      // The stream is trimmed; the terminal event is kept beside it, so a resume always gets it.
      if (last && last.id > afterId && !events.some((e) => e.id === last.id)) events.push(last);
      return events.sort((a, b) => a.id - b.id);
    },
    subscribe: (id, listener) => listeners.subscribe(id, listener),
    async close() {
      listeners.clear();
      await Promise.allSettled([redis.quit(), subscriber.quit()]);
    },
  };
  return store;
}
