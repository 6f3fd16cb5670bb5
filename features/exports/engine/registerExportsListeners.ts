/**
 * `registerExportsListeners`: the side effects of the feature, registered
 * into the host's own listener middleware.
 *
 * The heart of it: on `jobCompleted` the effect dispatches `downloadClaimed`
 * synchronously, before any await, and only the effect whose `claimId` is in
 * the state afterwards runs the download. Effects run inside the dispatch
 * that triggered them, so duplicate completions, re-renders, remounts and
 * second registrations all meet a claim that is already there.
 */
import { isAnyOf, nanoid } from '@reduxjs/toolkit';
import type { ListenerEffectAPI, TypedStartListening, UnknownAction, ThunkDispatch } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import { cancelJob } from './cancelJob';
import { startDownload } from './downloadRunner';
import {
  cancelRequested,
  downloadClaimed,
  downloadRequested,
  isFromOtherTab,
  jobAdded,
  jobCancelled,
  jobCompleted,
  jobDismissed,
  jobExpired,
  jobFailed,
  jobsPruned,
} from '../model/exportsSlice';
import { ExportsRuntime } from './taskRegistry';
import { isTerminalStatus } from '../model/jobStatus';
import { startMonitor } from './watchJob';
import type { ExportsListenerOptions } from './options';
import { resolveOptions } from './options';
import { selectPrunableJobIds } from '../model/pruning';
import { isExportsReady } from '../model/readiness';
import { bindRuntime, unbindRuntime } from '../runtimeRegistry';
import { startExport } from './startExport';
import { startJobSharing } from './shareJobs';
import type { ExportsStoreApi } from './storeApi';
import type { DownloadTrigger, ExportsRootState } from '../model/types';

type ExportsDispatch = ThunkDispatch<ExportsRootState, unknown, UnknownAction>;

/** The `startListening` of a listener middleware whose state holds the exports slice. */
export type ExportsStartListening = TypedStartListening<ExportsRootState, ExportsDispatch>;

/** Stops every listener and aborts every monitor, download and cancel request; resolves when all have ended. */
export type ExportsListenersHandle = (() => Promise<void>) & {
  /** What is running now, per kind: for tests and debugging. */
  running(): { monitor: number; download: number; cancel: number };
};

const jobEnded = isAnyOf(jobCompleted, jobFailed, jobCancelled, jobExpired);

const registrations = new WeakMap<object, ExportsListenersHandle>();

type Api = ListenerEffectAPI<ExportsRootState, ExportsDispatch>;

/**
 * Adds the feature's listeners to a listener middleware.
 *
 * Registering twice into the same middleware returns the first registration:
 * one monitor per job, one download per claim.
 *
 * @example
 * // store.ts of an app that already has a store
 * const listenerMiddleware = createListenerMiddleware()
 * export const startAppListening = listenerMiddleware.startListening.withTypes<RootState, AppDispatch>()
 * registerExportsListeners(startAppListening, { transport: createHttpTransport({ baseUrl: '/api' }) })
 */
export function registerExportsListeners<S extends ExportsRootState, D extends ExportsDispatch>(
  startListening: TypedStartListening<S, D>,
  options: ExportsListenerOptions,
): ExportsListenersHandle {
  const existing = registrations.get(startListening);
  if (existing) return existing;
  const listen = startListening as unknown as ExportsStartListening;
  const runtime = new ExportsRuntime(resolveOptions(options, nanoid));
  const { now } = runtime.options;
  let swept = false;
  // Jobs added, cancelled or dismissed in one tab are applied in the others (their storage writes keep them in step).
  const sharing = startJobSharing(runtime);

  const storeOf = (api: Api): ExportsStoreApi => {
    if (!runtime.store) {
      runtime.store = { dispatch: api.dispatch, getState: api.getState };
      bindRuntime(api.dispatch, runtime);
    }
    return runtime.store;
  };

  /** Dispatches the claim, synchronously, and returns whether this effect owns it. */
  const claim = (store: ExportsStoreApi, jobId: string, trigger: DownloadTrigger, resume = false): boolean => {
    const claimId = runtime.options.createClaimId();
    store.dispatch(downloadClaimed({ id: jobId, claimId, trigger, resume, maxAttempts: runtime.options.maxAttempts, at: now() }));
    const owned = store.getState().exports.downloadedJobIds[jobId]?.claimId === claimId;
    if (owned) startDownload(runtime, store, jobId, claimId, resume);
    return owned;
  };

  /** The automatic download of a completed job: once per job, ever (invariant 1). */
  const autoClaim = (store: ExportsStoreApi, jobId: string): void => {
    const state = store.getState();
    if (runtime.disposed || !isExportsReady(state)) return;
    const job = state.exports.jobs.entities[jobId];
    if (!job || job.status !== 'completed' || !job.autoDownload || state.exports.downloadedJobIds[jobId]) return;
    claim(store, jobId, 'auto');
  };

  /**
   * Prunes when over the cap (checked on every finished job, in O(1)), and
   * for the ttl at most once a minute: this runs on hot paths.
   */
  let lastTtlSweep = Number.NEGATIVE_INFINITY;
  const prune = (store: ExportsStoreApi, force = false): void => {
    const state = store.getState().exports;
    const overCap = state.jobs.ids.length > runtime.options.maxJobs;
    const ttlDue = now() - lastTtlSweep >= 60_000;
    if (!force && !overCap && !ttlDue) return;
    if (force || ttlDue) lastTtlSweep = now();
    // Over the cap, prune a tenth below it, so a full list is not pruned on every new job.
    const keep = overCap ? Math.floor(runtime.options.maxJobs * 0.9) : runtime.options.maxJobs;
    const ids = selectPrunableJobIds(state, now(), runtime.options.ttlMs, keep);
    if (ids.length > 0) store.dispatch(jobsPruned({ ids }));
  };

  /** Once the slice is ready: watch what runs, download what completed unseen, resume or offer what a reload cut. */
  const sweep = (store: ExportsStoreApi): void => {
    const state = store.getState();
    if (runtime.disposed || !isExportsReady(state)) return;
    swept = true;
    sharing.listen(store); // what other tabs announce from now on, and what they announced before REHYDRATE, on top of what storage had
    prune(store, true);
    const { jobs, downloadedJobIds } = store.getState().exports;
    for (const id of jobs.ids) {
      const job = jobs.entities[id];
      if (!job) continue;
      if (!isTerminalStatus(job.status)) {
        if (job.status === 'cancelling') cancelJob(runtime, store, id);
        else startMonitor(runtime, store, id, { immediate: true });
        continue;
      }
      const record = downloadedJobIds[id];
      if (!record) autoClaim(store, id);
      else if (record.status === 'interrupted' && runtime.options.resumeInterrupted === 'auto' && record.trigger === 'auto') {
        claim(store, id, 'auto', true);
      }
    }
  };

  const unsubscribers: Array<() => void> = [
    () => sharing.stop(),
    // Learn the store as early as possible, and sweep once it is ready.
    listen({
      predicate: () => !swept && !runtime.disposed,
      effect: (_action, api) => sweep(storeOf(api)),
    }),
    listen({ actionCreator: startExport.pending, effect: (_action, api) => void storeOf(api) }),
    listen({
      predicate: (action) => action.type === REHYDRATE,
      effect: (_action, api) => sweep(storeOf(api)),
    }),

    listen({
      actionCreator: jobAdded,
      effect: (action, api) => {
        const store = storeOf(api);
        const { id } = action.payload;
        const isNew = !api.getOriginalState().exports.jobs.entities[id];
        const job = store.getState().exports.jobs.entities[id];
        if (isNew && job) sharing.announce(action, { type: 'added', job });
        if (!isExportsReady(store.getState())) return;
        // A new job must survive a reload that comes before the next throttled write (row 7).
        if (isNew) void runtime.persistNow(id);
        startMonitor(runtime, store, action.payload.id);
        autoClaim(store, action.payload.id);
        if (store.getState().exports.jobs.ids.length > runtime.options.maxJobs) prune(store);
      },
    }),

    listen({
      actionCreator: jobCompleted,
      effect: (action, api) => autoClaim(storeOf(api), action.payload.id),
    }),

    listen({
      matcher: jobEnded,
      effect: (action, api) => {
        if (!jobEnded(action)) return;
        runtime.abort('monitor', action.payload.id, 'finished');
        if (action.type !== jobCompleted.type) runtime.abort('cancel', action.payload.id, 'finished');
        prune(storeOf(api));
      },
    }),

    listen({
      actionCreator: jobDismissed,
      effect: (action, api) => {
        const { id } = action.payload;
        runtime.abortJob(id, 'dismissed');
        if (!api.getOriginalState().exports.jobs.entities[id]) return;
        sharing.announce(action, { type: 'dismissed', id });
        // Written at once, here and in every tab told of it: a tab opened before the next throttled
        // write would read the job back from storage, show it, and write it back for all.
        if (isExportsReady(api.getState())) void runtime.persistNow(id);
      },
    }),

    listen({
      actionCreator: jobsPruned,
      effect: (action, api) => {
        const remaining = api.getState().exports.jobs.entities;
        for (const id of action.payload.ids) if (!remaining[id]) runtime.abortJob(id, 'dismissed');
      },
    }),

    listen({
      actionCreator: cancelRequested,
      effect: (action, api) => {
        const store = storeOf(api);
        const id = action.payload.id;
        runtime.abort('download', id, 'cancelled');
        // Accepted: the reducer moved the job to `cancelling` (not terminal, not already cancelling).
        const before = api.getOriginalState().exports.jobs.entities[id];
        const after = store.getState().exports.jobs.entities[id];
        if (!before || before.status === 'cancelling' || after?.status !== 'cancelling') return;
        sharing.announce(action, { type: 'cancelRequested', id });
        if (!isExportsReady(store.getState())) return;
        // Written at once, here and in every tab told of it: a tab opened before the next throttled write
        // would read the job without its cancel, and download it automatically should the server finish it anyway.
        void runtime.persistNow(id);
        // Asked in another tab: that tab calls the server; this one keeps watching for the outcome.
        if (!isFromOtherTab(action)) cancelJob(runtime, store, id);
      },
    }),

    listen({
      actionCreator: downloadRequested,
      effect: (action, api) => {
        const store = storeOf(api);
        if (!runtime.disposed && isExportsReady(store.getState())) claim(store, action.payload.id, 'manual');
      },
    }),
  ];

  const handle = Object.assign(
    async (): Promise<void> => {
      registrations.delete(startListening);
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      await runtime.dispose();
      if (runtime.store) unbindRuntime(runtime.store.dispatch, runtime);
    },
    { running: () => runtime.running() },
  );
  registrations.set(startListening, handle);
  return handle;
}
