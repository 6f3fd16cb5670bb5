import { rm } from 'node:fs/promises';
import { gone, notFound } from './apiError';
import { applyDelivery } from './deliveries';
import type { DeliveryChange } from './deliveries';
import type { JobStore } from './jobStore';
import { jobDir } from './paths';
import type { ServerEventType, ServerJob } from './types';
import { TERMINAL_STATUSES } from './types';

/**
 * The only way a job changes: terminal states absorb (a late progress or a
 * second cancel changes nothing), progress never goes backwards, every
 * change that a client should see becomes one numbered event, and finished
 * jobs are scheduled for deletion after `jobTtlMs`.
 */
export interface Lifecycle {
  transition(id: string, patch: Partial<ServerJob>, event: ServerEventType | null): Promise<ServerJob | undefined>;
  /** The job, or a 404/410 ApiError; a job past its `deleteAt` is expired on the spot. */
  lookup(id: string): Promise<ServerJob>;
  /** Deletes a job's files and record, leaving a tombstone (410). */
  expire(id: string): Promise<void>;
  /** Expires every job past its `deleteAt`; returns how many. */
  sweep(): Promise<number>;
  /** Expires the `count` finished jobs that finished first (to make room); returns how many. */
  evictFinished(count: number): Promise<number>;
  /**
   * Records a change of one delivery (download receipt) on the job record and
   * appends a `delivery` event. Changes of one job are applied one at a time,
   * in call order. Resolves to the delivery's attempt number (0 when nothing
   * changed: the job is gone, or the settlement was for an older attempt).
   */
  recordDelivery(id: string, deliveryId: string, change: DeliveryChange): Promise<number>;
}

export function createLifecycle(opts: { store: JobStore; dataDir: string; now: () => number; jobTtlMs: number }): Lifecycle {
  const { store, dataDir, now, jobTtlMs } = opts;
  // The tail of each job's queue of delivery changes (a read-modify-write of the job record).
  const deliveryQueues = new Map<string, Promise<number>>();

  async function applyDeliveryChange(id: string, deliveryId: string, change: DeliveryChange): Promise<number> {
    let attempt = 0;
    const updated = await store.commit(id, (job) => {
      const deliveries = applyDelivery(job.deliveries ?? [], deliveryId, change, now());
      attempt = deliveries?.find((d) => d.id === deliveryId)?.attempt ?? 0;
      return deliveries ? { patch: { deliveries }, event: 'delivery' } : undefined;
    });
    return updated ? attempt : 0;
  }

  const lifecycle: Lifecycle = {
    transition(id, patch, event) {
      // One atomic step of the store (see JobStore.commit): the check, the change and its event.
      return store.commit(id, (current) => {
        if (TERMINAL_STATUSES.has(current.status)) return undefined;
        const t = now();
        const next: Partial<ServerJob> = { ...patch, updatedAt: t };
        if (patch.progress !== undefined) next.progress = Math.min(100, Math.max(current.progress, patch.progress));
        if (next.status && TERMINAL_STATUSES.has(next.status)) {
          next.deleteAt = t + jobTtlMs;
          if (next.status === 'completed') next.completedAt = t;
        }
        return { patch: next, event };
      });
    },

    async lookup(id) {
      const job = await store.get(id);
      if (!job) throw (await store.isExpired(id)) ? gone() : notFound();
      if (job.deleteAt !== undefined && now() >= job.deleteAt) {
        await lifecycle.expire(id);
        throw gone();
      }
      return job;
    },

    async expire(id) {
      await store.remove(id, { tombstone: true });
      await rm(jobDir(dataDir, id), { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    },

    async sweep() {
      const t = now();
      let n = 0;
      for (const job of await store.list()) {
        if (job.deleteAt !== undefined && t >= job.deleteAt) {
          await lifecycle.expire(job.id);
          n++;
        }
      }
      return n;
    },

    async evictFinished(count) {
      const finished = (await store.list()).filter((j) => TERMINAL_STATUSES.has(j.status)).sort((a, b) => a.updatedAt - b.updatedAt);
      const victims = finished.slice(0, Math.max(0, count));
      for (const job of victims) await lifecycle.expire(job.id);
      return victims.length;
    },

    recordDelivery(id, deliveryId, change) {
      const previous = deliveryQueues.get(id) ?? Promise.resolve(0);
      const next = previous.catch(() => 0).then(() => applyDeliveryChange(id, deliveryId, change));
      deliveryQueues.set(id, next);
      void next.finally(() => {
        if (deliveryQueues.get(id) === next) deliveryQueues.delete(id);
      }).catch(() => undefined);
      return next;
    },
  };
  return lifecycle;
}

