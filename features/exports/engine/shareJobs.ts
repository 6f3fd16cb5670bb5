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
 * Nothing is applied before REHYDRATE: the store listens once it is ready,
 * and the coordinator holds what came earlier (each kind of news once per
 * job, in the order it came), so it lands on top of what was read from
 * storage (which may predate the news).
 */
import { cancelRequested, isFromOtherTab, jobAdded, jobDismissed } from '../model/exportsSlice';
import type { ExportsErrorContext, ResolvedExportsOptions } from './options';
import type { ExportsStoreApi } from './storeApi';
import type { TaskRegistry } from './taskRegistry';
import type { SharedJobEvent } from '../tabs/types';

const FROM_TAB = { fromTab: true } as const;

/** One registration's share of the job list with the other tabs. */
export interface JobSharing {
  /**
   * Tells the other tabs what `action` changed here (the listeners decide
   * whether it changed anything). An action that came from another tab is
   * not announced again.
   */
  announce(action: { meta?: unknown }, event: SharedJobEvent): void;
  /** Starts applying what other tabs announce, what came before first. Call once the store is ready; again does nothing. */
  listen(store: ExportsStoreApi): void;
  /** Stops listening to the other tabs. */
  stop(): void;
}

/** The hooks the listeners share the job list through (they do nothing when the coordinator cannot share). */
export function createJobSharing(
  options: Pick<ResolvedExportsOptions, 'tabs' | 'now'>,
  tasks: Pick<TaskRegistry, 'closed'>,
  report: (error: unknown, context: ExportsErrorContext) => void,
): JobSharing {
  const { tabs } = options;
  let unsubscribe: (() => void) | undefined;

  const apply = (store: ExportsStoreApi, event: SharedJobEvent): void => {
    if (tasks.closed) return;
    try {
      const at = options.now();
      if (event.type === 'added') store.dispatch(jobAdded({ ...event.job, at: event.job.updatedAt }, FROM_TAB));
      else if (event.type === 'cancelRequested') store.dispatch(cancelRequested({ id: event.id, at }, FROM_TAB));
      else store.dispatch(jobDismissed({ id: event.id, at }, FROM_TAB));
    } catch (error) {
      report(error, { phase: 'monitor', jobId: event.type === 'added' ? event.job.id : event.id });
    }
  };

  return {
    announce(action, event) {
      if (tabs?.share && !isFromOtherTab(action)) tabs.share(event);
    },
    listen(store) {
      unsubscribe ??= tabs?.onShared?.((event) => apply(store, event));
    },
    stop() {
      unsubscribe?.();
    },
  };
}
