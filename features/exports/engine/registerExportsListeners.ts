/**
 * `registerExportsListeners`: the side effects of the feature, registered
 * into the host's own listener middleware. This file only wires: each
 * listener hands its listener API (`{ dispatch, getState }`) and the
 * engine's context to the module that owns the concern
 * (docs/design.md#layers).
 *
 * | on                                  | who                       |
 * |-------------------------------------|---------------------------|
 * | REHYDRATE, or any first action      | `sweepOnReady.ts`         |
 * | `startRequested`, aborted thunk     | `startJob.ts`             |
 * | `jobAdded`                          | `onJobAdded.ts`           |
 * | `jobCompleted`, `downloadRequested` | `claimDownload.ts`        |
 * | a job ended                         | `watchJob.ts`, `pruneJobs.ts` |
 * | `cancelRequested`                   | `onCancelRequested.ts`    |
 * | `jobDismissed`, `jobsPruned`        | `onJobRemoved.ts`         |
 * | `historyRequested`, ready           | `listJobs.ts`             |
 */
import { isAnyOf, nanoid } from '@reduxjs/toolkit';
import type { ListenerEffectAPI, ThunkDispatch, TypedStartListening, UnknownAction } from '@reduxjs/toolkit';
import { REHYDRATE } from 'redux-persist';
import {
  cancelRequested,
  downloadRequested,
  jobAdded,
  jobCancelled,
  jobCompleted,
  jobDismissed,
  jobExpired,
  jobFailed,
  jobsPruned,
} from '../model/exportsSlice';
import { startRequested } from '../model/startActions';
import { historyRequested } from '../model/historyActions';
import { isExportsReady } from '../model/readiness';
import { listJobs } from './listJobs';
import type { ExportsRootState } from '../model/types';
import { claimAutomaticDownload, claimManualDownload } from './claimDownload';
import { createEngineContext } from './engineContext';
import type { EngineContext } from './engineContext';
import { onCancelRequested } from './onCancelRequested';
import { onJobAdded } from './onJobAdded';
import { onJobDismissed, onJobsPruned } from './onJobRemoved';
import type { ExportsListenerOptions } from './options';
import { resolveOptions } from './options';
import { createPruner } from './pruneJobs';
import { startExport } from './startExport';
import { startJob } from './startJob';
import type { ExportsStoreApi } from './storeApi';
import { createSweep } from './sweepOnReady';

type ExportsDispatch = ThunkDispatch<ExportsRootState, unknown, UnknownAction>;

/** The `startListening` of a listener middleware whose state holds the exports slice. */
export type ExportsStartListening = TypedStartListening<ExportsRootState, ExportsDispatch>;

/** Stops every listener and aborts every monitor, download and cancel request; resolves when all have ended. */
export type ExportsListenersHandle = (() => Promise<void>) & {
  /** What is running now, per kind: for tests and debugging. */
  running(): { monitor: number; download: number; cancel: number };
};

type Api = ListenerEffectAPI<ExportsRootState, ExportsDispatch>;

const jobEnded = isAnyOf(jobCompleted, jobFailed, jobCancelled, jobExpired);

/**
 * Where a registration is filed: on the middleware's own `startListening`
 * (a global symbol, so two copies of the package agree), never in module
 * state. Registering twice into one middleware returns the first handle.
 */
const REGISTRATION = Symbol.for('redux-export-jobs/registration');
type Registered = { [REGISTRATION]?: ExportsListenersHandle };

/** The two store functions the engine needs, from a listener API. */
const storeOf = (api: Api): ExportsStoreApi => ({ dispatch: api.dispatch, getState: api.getState });

/** Adds the listeners of one engine; returns how to remove them. */
function addListeners(ctx: EngineContext, listen: ExportsStartListening): Array<() => void> {
  const prune = createPruner(ctx.options);
  const sweep = createSweep(ctx, prune);
  const historyWaiting = new Set<string | null>(ctx.options.historyScopes ?? []);
  return [
    listen({ predicate: () => !sweep.done() && !ctx.tasks.closed, effect: (_action, api) => sweep(storeOf(api)) }),
    listen({ predicate: (action) => action.type === REHYDRATE, effect: (_action, api) => sweep(storeOf(api)) }),
    listen({ actionCreator: startRequested, effect: (action, api) => startJob(ctx, storeOf(api), action.payload) }),
    listen({
      actionCreator: startExport.rejected,
      effect: (action) => void (action.meta.aborted && ctx.tasks.abort('start', action.meta.requestId, 'cancelled')),
    }),
    listen({ actionCreator: jobAdded, effect: (action, api) => onJobAdded(ctx, storeOf(api), action, api.getOriginalState(), prune) }),
    listen({ actionCreator: jobCompleted, effect: (action, api) => claimAutomaticDownload(ctx, storeOf(api), action.payload.id) }),
    listen({
      matcher: jobEnded,
      effect: (action, api) => {
        ctx.tasks.abort('monitor', action.payload.id, 'finished');
        if (!jobCompleted.match(action)) ctx.tasks.abort('cancel', action.payload.id, 'finished');
        prune(storeOf(api));
      },
    }),
    listen({ actionCreator: jobDismissed, effect: (action, api) => onJobDismissed(ctx, storeOf(api), action, api.getOriginalState()) }),
    listen({ actionCreator: jobsPruned, effect: (action, api) => onJobsPruned(ctx, storeOf(api), action) }),
    listen({ actionCreator: cancelRequested, effect: (action, api) => onCancelRequested(ctx, storeOf(api), action, api.getOriginalState()) }),
    listen({ actionCreator: downloadRequested, effect: (action, api) => claimManualDownload(ctx, storeOf(api), action.payload.id) }),
    listen({
      actionCreator: historyRequested,
      effect: (action, api) => {
        // Nothing before rehydration (invariant 5): a stored job must be known before the list is compared with it.
        if (isExportsReady(api.getState())) listJobs(ctx, storeOf(api), action.payload.scope);
        else historyWaiting.add(action.payload.scope);
      },
    }),
    listen({
      predicate: (_action, state) => historyWaiting.size > 0 && isExportsReady(state),
      effect: (_action, api) => {
        for (const scope of [...historyWaiting]) listJobs(ctx, storeOf(api), scope);
        historyWaiting.clear();
      },
    }),
  ];
}

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
  const filed = startListening as unknown as Registered;
  const existing = filed[REGISTRATION];
  if (existing) return existing;
  const ctx = createEngineContext(resolveOptions(options, nanoid));
  const listen = startListening as unknown as ExportsStartListening;
  const unsubscribers = [() => ctx.sharing.stop(), ...addListeners(ctx, listen)];
  const handle = Object.assign(
    async (): Promise<void> => {
      if (filed[REGISTRATION] === handle) delete filed[REGISTRATION];
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      await ctx.tasks.close();
    },
    { running: () => ctx.tasks.running() },
  );
  filed[REGISTRATION] = handle;
  return handle;
}
