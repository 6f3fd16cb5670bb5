/**
 * The listener side of sharing the list of jobs across tabs.
 *
 * redux-persist writes each tab's whole slice to the one storage key, last
 * writer wins: a tab that never heard of a job started elsewhere would write
 * it out of storage, and a tab that still holds a job dismissed elsewhere
 * would write it back. So a job added or dismissed here is announced
 * (`TabCoordinator.share`), and so is a cancel (the other tabs stop
 * downloading it automatically, should the server finish it anyway; only
 * the tab where the user clicked calls the server). What other tabs
 * announce is applied here as the same action, marked `meta: { fromTab: true }` so that it is not
 * announced again (no echo). The per-job machinery then does the rest: the
 * added job's monitor waits for the monitor lock (one tab watches), and its
 * automatic download goes through `tabs.exclusive` (one tab downloads).
 *
 * Nothing is applied before REHYDRATE: what arrives earlier is kept (each
 * kind of news once per job, in the order it came) and applied right after
 * rehydration, on top of what was read from storage (which may predate the
 * news).
 */
import { cancelRequested, isFromOtherTab, jobAdded, jobDismissed } from '../exportsSlice';
import type { ExportsRuntime } from '../exportsRuntime';
import { isExportsReady } from '../readiness';
import type { ExportsStoreApi } from '../storeApi';
import type { SharedJobEvent } from './createTabCoordinator';

const FROM_TAB = { fromTab: true } as const;

/** One registration's share of the job list with the other tabs. */
export interface JobSharing {
  /**
   * Tells the other tabs what `action` changed here (the listeners decide
   * whether it changed anything). An action that came from another tab is
   * not announced again.
   */
  announce(action: { meta?: unknown }, event: SharedJobEvent): void;
  /** Applies what other tabs announced before this store was ready. Call once it is. */
  flush(store: ExportsStoreApi): void;
  /** Stops listening to the other tabs and forgets what was kept. */
  stop(): void;
}

const idOf = (event: SharedJobEvent): string => (event.type === 'added' ? event.job.id : event.id);
/** Kinds of news kept apart before REHYDRATE: a cancel must not replace the job it cancels. */
const slotOf = (event: SharedJobEvent): string => `${event.type}:${idOf(event)}`;

/** Starts listening to the other tabs (when the coordinator can share) and returns the hooks for the listeners. */
export function startJobSharing(runtime: ExportsRuntime): JobSharing {
  const tabs = runtime.options.tabs;
  /** News that came before REHYDRATE, the last of each kind per job, oldest first; bounded by 3 x `maxJobs`. */
  const early = new Map<string, SharedJobEvent>();

  const apply = (store: ExportsStoreApi, event: SharedJobEvent): void => {
    try {
      const at = runtime.options.now();
      if (event.type === 'added') store.dispatch(jobAdded({ ...event.job, at: event.job.updatedAt }, FROM_TAB));
      else if (event.type === 'cancelRequested') store.dispatch(cancelRequested({ id: event.id, at }, FROM_TAB));
      else store.dispatch(jobDismissed({ id: event.id, at }, FROM_TAB));
    } catch (error) {
      runtime.report(error, { phase: 'monitor', jobId: idOf(event) });
    }
  };

  const unsubscribe = tabs?.onShared?.((event) => {
    if (runtime.disposed) return;
    const store = runtime.store;
    if (store && isExportsReady(store.getState())) {
      apply(store, event);
      return;
    }
    const slot = slotOf(event);
    early.delete(slot);
    early.set(slot, event);
    if (early.size > 3 * runtime.options.maxJobs) early.delete(early.keys().next().value as string);
  });

  return {
    announce(action, event) {
      if (tabs?.share && !isFromOtherTab(action)) tabs.share(event);
    },
    flush(store) {
      const events = [...early.values()];
      early.clear();
      for (const event of events) apply(store, event);
    },
    stop() {
      unsubscribe?.();
      early.clear();
    },
  };
}
