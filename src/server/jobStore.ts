import type { JobView, ServerEventType, ServerJob, StoredEvent } from './types';
import { ACTIVE_STATUSES, toJobView } from './types';
import { createEventListeners } from './eventListeners';

/** One change of one job, as `JobStore.commit` applies it: the patch, and the event that announces it (or none). */
export interface JobChange {
  patch: Partial<ServerJob>;
  event: ServerEventType | null;
}

/**
 * THE SEAM where a real queue or database plugs in.
 *
 * The reference server keeps jobs, their numbered events and the tombstones
 * of expired jobs in memory (`createMemoryJobStore`). A production backend
 * implements this same interface over its own storage (Postgres, Redis...)
 * and publishes events through its own pub/sub, so several server processes
 * can serve the same job; the worker (`worker.ts`) is then replaced by a
 * consumer of the real queue that calls `update` and `appendEvent`.
 *
 * Every method is async so that such an implementation fits; `subscribe` is
 * a plain callback registration (a Redis/Postgres LISTEN adapter calls it).
 *
 * Every change of a job's state goes through `commit`: a read-modify-write
 * that is atomic per job, with the event that announces it appended in the
 * same step (`lifecycle.ts` builds its rules on it: terminal states absorb,
 * progress only rises). A store shared by several processes makes it a
 * compare-and-set (`scaleOut/redisJobStore.ts`: a revision checked in one
 * Lua script), so a cancel on one process and a completion on a worker
 * cannot both win. Download receipts (`job.deliveries`) are part of the job
 * record and change through `commit` too.
 */
export interface JobStore {
  insert(job: ServerJob): Promise<void>;
  get(id: string): Promise<ServerJob | undefined>;
  /**
   * Atomic per job: `change` sees the current job and returns what to change (or `undefined`:
   * nothing); the patch and its event (numbered next) are applied together. A shared store may
   * call `change` again when another process changed the job in between, so `change` must be
   * free of side effects. Resolves to the new job, or `undefined` when the job is gone or
   * `change` returned `undefined`.
   */
  commit(id: string, change: (job: ServerJob) => JobChange | undefined): Promise<ServerJob | undefined>;
  /** Applies `patch` and returns the new job, or `undefined` when it is gone. */
  update(id: string, patch: Partial<ServerJob>): Promise<ServerJob | undefined>;
  /** Deletes the job and its events; with `tombstone`, later lookups say "expired" (410). */
  remove(id: string, options?: { tombstone?: boolean }): Promise<void>;
  isExpired(id: string): Promise<boolean>;
  list(): Promise<ServerJob[]>;
  countActive(clientId: string): Promise<number>;
  count(): Promise<number>;
  /** Appends the next numbered event of a job and notifies subscribers. */
  appendEvent(id: string, type: ServerEventType, job: JobView): Promise<StoredEvent | undefined>;
  /** Events with an id greater than `afterId`, oldest first. */
  eventsAfter(id: string, afterId: number): Promise<StoredEvent[]>;
  subscribe(id: string, listener: (event: StoredEvent) => void): () => void;
}

export interface MemoryJobStoreOptions {
  /** Events kept per job; older progress events are dropped (each event carries a full snapshot). Default 64. */
  maxEventsPerJob?: number;
  /** Tombstones of expired jobs kept (then an unknown id is a 404 again). Default 10 000. */
  maxTombstones?: number;
}

interface Entry {
  job: ServerJob;
  events: StoredEvent[];
  nextEventId: number;
}

/** The embedded default: everything in memory, bounded. Lost on restart, by design. */
export function createMemoryJobStore(options: MemoryJobStoreOptions = {}): JobStore {
  const maxEvents = Math.max(4, options.maxEventsPerJob ?? 64);
  const maxTombstones = Math.max(0, options.maxTombstones ?? 10_000);
  const entries = new Map<string, Entry>();
  const tombstones = new Set<string>();
  const listeners = createEventListeners();

  function append(id: string, entry: Entry, type: ServerEventType, job: JobView): StoredEvent {
    const event: StoredEvent = { id: entry.nextEventId++, type, job };
    entry.events.push(event);
    if (entry.events.length > maxEvents) {
      // Drop the oldest progress event, else the oldest delivery event (each carries the
      // whole job, so the newer ones say it all); terminal events are always kept.
      let i = entry.events.findIndex((e) => e.type === 'progress');
      if (i < 0) i = entry.events.findIndex((e) => e.type === 'delivery');
      if (i >= 0) entry.events.splice(i, 1);
    }
    listeners.emit(id, event);
    return event;
  }

  return {
    async commit(id, change) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      const next = change({ ...entry.job });
      if (!next) return undefined;
      entry.job = { ...entry.job, ...next.patch };
      if (next.event) append(id, entry, next.event, toJobView(entry.job));
      return { ...entry.job };
    },
    async insert(job) {
      entries.set(job.id, { job: { ...job }, events: [], nextEventId: 1 });
    },
    async get(id) {
      const entry = entries.get(id);
      return entry ? { ...entry.job } : undefined;
    },
    async update(id, patch) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      entry.job = { ...entry.job, ...patch };
      return { ...entry.job };
    },
    async remove(id, opts) {
      entries.delete(id);
      listeners.forget(id);
      if (opts?.tombstone && maxTombstones > 0) {
        tombstones.add(id);
        while (tombstones.size > maxTombstones) {
          const oldest = tombstones.values().next().value;
          if (oldest === undefined) break;
          tombstones.delete(oldest);
        }
      }
    },
    async isExpired(id) {
      return tombstones.has(id);
    },
    async list() {
      return [...entries.values()].map((e) => ({ ...e.job }));
    },
    async countActive(clientId) {
      let n = 0;
      for (const { job } of entries.values()) if (job.clientId === clientId && ACTIVE_STATUSES.has(job.status)) n++;
      return n;
    },
    async count() {
      return entries.size;
    },
    async appendEvent(id, type, job) {
      const entry = entries.get(id);
      return entry ? append(id, entry, type, job) : undefined;
    },
    async eventsAfter(id, afterId) {
      const entry = entries.get(id);
      return entry ? entry.events.filter((e) => e.id > afterId) : [];
    },
    subscribe: (id, listener) => listeners.subscribe(id, listener),
  };
}
