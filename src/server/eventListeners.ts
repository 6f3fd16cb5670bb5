/**
 * The live listeners of job events, per job: what `JobStore.subscribe`
 * hands out, for the memory store and the Redis store alike (the Redis one
 * feeds it from its pub/sub channel). A job's set goes when its last
 * listener does.
 */
import type { StoredEvent } from './types';

export type EventListener = (event: StoredEvent) => void;

export interface EventListeners {
  /** Adds `listener` for job `id`; the returned function removes it. */
  subscribe(id: string, listener: EventListener): () => void;
  /** Calls every listener of job `id` (a copy of the set: a listener may unsubscribe while called). */
  emit(id: string, event: StoredEvent): void;
  /** Whether job `id` has listeners (a store may skip decoding an event nobody hears). */
  has(id: string): boolean;
  forget(id: string): void;
  clear(): void;
}

export function createEventListeners(): EventListeners {
  const byJob = new Map<string, Set<EventListener>>();
  return {
    subscribe(id, listener) {
      let set = byJob.get(id);
      if (!set) byJob.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        const current = byJob.get(id);
        current?.delete(listener);
        if (current && current.size === 0) byJob.delete(id);
      };
    },
    emit(id, event) {
      for (const listener of [...(byJob.get(id) ?? [])]) listener(event);
    },
    has: (id) => (byJob.get(id)?.size ?? 0) > 0,
    forget: (id) => void byJob.delete(id),
    clear: () => byJob.clear(),
  };
}
