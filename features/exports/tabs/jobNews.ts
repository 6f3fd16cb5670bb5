/**
 * The shared job news (docs/design.md#tabs): the list of jobs is shared
 * over the tabs' channel. A job added, cancelled or dismissed in one tab is
 * announced (`share`, as `{ shared: event }`) and applied by the others
 * (`onShared`), so every tab's copy of the slice, the one redux-persist
 * writes to the shared storage, holds the same jobs. The channel opens
 * with the coordinator, and news that comes before the store listens (it
 * listens once rehydrated) is held for it: the last of each kind per job,
 * oldest first, at most `HELD_NEWS_LIMIT`.
 */
import { attempt, readObject } from '../shapes/jsonShape';
import { readPersistedJob } from '../persistence/readPersisted';
import type { ChannelLike, SharedJobEvent, TabCoordinator } from './types';

/** News held for a store that does not listen yet: 3 x the default `maxJobs` of each kind. */
export const HELD_NEWS_LIMIT = 600;

export interface JobNews {
  share: NonNullable<TabCoordinator['share']>;
  onShared: NonNullable<TabCoordinator['onShared']>;
  /** The `shared` field of a message from another tab, unchecked. */
  receive(value: unknown): void;
  /** Forgets the listeners and the held news. */
  close(): void;
}

/** @param channel the tabs' channel (`tabChannel.ts`) */
export function createJobNews(channel: () => ChannelLike | undefined): JobNews {
  const listeners = new Set<(event: SharedJobEvent) => void>();
  /** News that came while nobody listened: the last of each kind per job, oldest first, bounded. */
  const held = new Map<string, SharedJobEvent>();
  const hold = (event: SharedJobEvent): void => {
    const slot = `${event.type}:${event.type === 'added' ? event.job.id : event.id}`; // a cancel must not replace its job
    held.delete(slot);
    held.set(slot, event);
    if (held.size > HELD_NEWS_LIMIT) held.delete(held.keys().next().value as string);
  };

  return {
    share: (event) => {
      try {
        channel()?.postMessage({ shared: event });
      } catch {
        /* a closed channel or an uncloneable value: the other tabs learn it from storage on reload */
      }
    },
    onShared: (listener) => {
      channel();
      listeners.add(listener);
      const early = [...held.values()];
      held.clear();
      for (const event of early) listener(event);
      return () => void listeners.delete(listener);
    },
    receive: (value) => {
      const event = asSharedJobEvent(value);
      if (!event) return;
      if (listeners.size === 0) hold(event);
      for (const listener of [...listeners]) listener(event);
    },
    close: () => {
      listeners.clear();
      held.clear();
    },
  };
}

/** A well-formed `SharedJobEvent` from another tab, or `undefined` for anything else. */
export function asSharedJobEvent(value: unknown): SharedJobEvent | undefined {
  const event: { type?: unknown; id?: unknown; job?: unknown } | undefined = attempt(readObject, value);
  if (!event) return undefined;
  if ((event.type === 'dismissed' || event.type === 'cancelRequested') && typeof event.id === 'string') {
    return { type: event.type, id: event.id };
  }
  if (event.type === 'added') {
    // Another tab may run another version of the app: its job is checked like a stored one.
    const job = attempt(readPersistedJob, event.job);
    if (job) return { type: 'added', job };
  }
  return undefined;
}
