/**
 * `createExportsStore`: a ready store for apps that have none, and for
 * tests. The listener middleware goes first, redux-persist keeps the slice,
 * the serializable check stays on, and DevTools know the store by name.
 */
import { combineReducers, configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import type {
  DevToolsEnhancerOptions,
  Dispatch,
  EnhancedStore,
  ListenerMiddlewareDispatch,
  Reducer,
  StoreEnhancer,
  ThunkDispatch,
  Tuple,
  UnknownAction,
} from '@reduxjs/toolkit';
import { FLUSH, PAUSE, PERSIST, persistReducer, persistStore, PURGE, REGISTER, REHYDRATE } from 'redux-persist';
import type { Persistor } from 'redux-persist';
import { exportsReducer } from '../features/exports/model/exportsSlice';
import { registerExportsListeners } from '../features/exports/engine/registerExportsListeners';
import type { ExportsListenersHandle, ExportsStartListening } from '../features/exports/engine/registerExportsListeners';
import type { ExportsListenerOptions } from '../features/exports/engine/options';
import { exportsPersistConfig } from '../features/exports/persistence/exportsPersistConfig';
import type { ExportsPersistConfig } from '../features/exports/persistence/exportsPersistConfig';
import type { PersistStorageLike } from '../features/exports/persistence/safeStorage';
import { browserTabCoordinator } from '../features/exports/tabs/browserTabCoordinator';
import type { TabCoordinator } from '../features/exports/tabs/createTabCoordinator';
import type { ExportsState } from '../features/exports/model/types';

/** Options of `createExportsStore`: the listeners' options, plus storage, persistence and DevTools. */
export interface CreateExportsStoreOptions extends Omit<ExportsListenerOptions, 'persistNow' | 'tabs'> {
  /**
   * Coordinate automatic downloads across the app's open tabs (one download
   * in all of them), or pass your own coordinator.
   * @default true where the browser has Web Locks and localStorage (and storage is not `false`)
   */
  tabs?: boolean | TabCoordinator | undefined;
  /**
   * Where the slice is kept across reloads, or `false` for no persistence.
   * @default localStorage where it works, else memory
   */
  storage?: PersistStorageLike | false | undefined;
  /** @default 'redux-export-jobs' */
  persistKey?: string | undefined;
  /** At most one storage write per this many ms for ordinary changes. @default 1000 */
  persistThrottleMs?: number | undefined;
  /**
   * Redux DevTools options, or `false`. By default the store is named
   * `redux-export-jobs` and `exports/jobProgressed` is left out of the log
   * (pass `{ actionsDenylist: [] }` to see it).
   */
  devTools?: boolean | DevToolsEnhancerOptions | undefined;
  /**
   * RTK's development checks (immutability and serializability). They walk
   * the whole state on every action; turn them off for load tests.
   * @default true (they never run in production builds anyway)
   */
  devChecks?: boolean | undefined;
}

/** What `createExportsStore` returns. */
export interface ExportsStoreBundle<TStore> {
  store: TStore;
  /** redux-persist's persistor, or `null` with `storage: false`. */
  persistor: Persistor | null;
  /** Resolves once the slice is rehydrated (at once without persistence). Never rejects. */
  ready: Promise<void>;
  /** Stops every listener, monitor, download and request, then flushes storage. */
  dispose(): Promise<void>;
  /** The listeners' handle: `running()` tells what is in flight. */
  listeners: ExportsListenersHandle;
}

/** Actions redux-persist dispatches with functions in them: not for the serializable check. */
export const PERSIST_ACTIONS = [FLUSH, REHYDRATE, PAUSE, PERSIST, PURGE, REGISTER];

export const DEFAULT_DEVTOOLS: DevToolsEnhancerOptions = {
  name: 'redux-export-jobs',
  actionsDenylist: ['exports/jobProgressed'],
};

// The store's types are written out, not inferred from `makeStore`: the
// inferred ones name RTK's own dependencies (`redux`, `redux-thunk`), which
// an app need not be able to resolve (pnpm), in the published declarations.
// `configureStore`'s result is checked against them below.
/** The root state of that store: `{ exports: ExportsState }`. */
export type ExportsAppState = { exports: ExportsState };
type ExportsMiddlewareDispatch = ListenerMiddlewareDispatch & ThunkDispatch<ExportsAppState, undefined, UnknownAction>;
/** The store `createExportsStore` makes: the `exports` slice (persisted), the listener middleware, DevTools. */
export type ExportsAppStore = EnhancedStore<ExportsAppState, UnknownAction, Tuple<[StoreEnhancer<{ dispatch: ExportsMiddlewareDispatch }>, StoreEnhancer]>>;
/** Its dispatch, which takes thunks such as `startExport`. */
export type ExportsAppDispatch = ExportsMiddlewareDispatch & Dispatch<UnknownAction>;

interface MadeStore {
  store: ExportsAppStore;
  listeners: ExportsListenersHandle;
  persistConfig: ExportsPersistConfig | null;
  ownTabs: TabCoordinator | undefined;
}

function makeStore(options: CreateExportsStoreOptions, persistNow: () => Promise<boolean>): MadeStore {
  const persistConfig =
    options.storage === false
      ? null
      : exportsPersistConfig({
          storage: options.storage,
          persistKey: options.persistKey,
          throttleMs: options.persistThrottleMs,
          ttlMs: options.ttlMs,
          maxJobs: options.maxJobs,
          now: options.now,
          onError: (error) => options.onError?.(error, { phase: 'persist' }),
        });
  // (not named `exports`: that would shadow the CommonJS module object once compiled)
  // redux-persist adds a `_persist` key to the slice; it is its business, not part of the type.
  const sliceReducer: Reducer<ExportsState> = persistConfig
    ? (persistReducer(persistConfig, exportsReducer) as unknown as Reducer<ExportsState>)
    : exportsReducer;
  const listenerMiddleware = createListenerMiddleware();
  const store = configureStore({
    reducer: combineReducers({ exports: sliceReducer }),
    middleware: (getDefault) =>
      getDefault({
        immutableCheck: options.devChecks !== false,
        serializableCheck: options.devChecks === false ? false : { ignoredActions: PERSIST_ACTIONS },
      }).prepend(listenerMiddleware.middleware),
    devTools: options.devTools === false ? false : options.devTools === true || options.devTools === undefined ? DEFAULT_DEVTOOLS : options.devTools,
  });
  const tabs =
    typeof options.tabs === 'object'
      ? options.tabs
      : options.tabs === false || options.storage === false
        ? undefined
        : browserTabCoordinator(options.persistKey);
  const listeners = registerExportsListeners(listenerMiddleware.startListening as ExportsStartListening, { ...options, persistNow, tabs });
  return { store, listeners, persistConfig, ownTabs: typeof options.tabs === 'object' ? undefined : tabs };
}


/**
 * A ready store for an app that has none (and for tests): the `exports`
 * slice persisted with redux-persist, the listeners in a listener
 * middleware, tabs coordinated where the browser can, DevTools named.
 * `ready` resolves after REHYDRATE; `dispose()` stops everything and
 * flushes storage.
 *
 * @example
 * import { createHttpTransport } from 'redux-export-jobs/http'
 * const { store, ready, dispose } = createExportsStore({ transport: createHttpTransport({ baseUrl: '/api' }) })
 * await ready
 * store.dispatch(startExport({ scope: 'project-1', label: 'Annotations (COCO)' }))
 */
export function createExportsStore(options: CreateExportsStoreOptions): ExportsStoreBundle<ExportsAppStore> {
  let persistor: Persistor | null = null;
  const { store, listeners, persistConfig, ownTabs } = makeStore(options, async () => {
    if (!persistor || !persistConfig) return true;
    await persistor.flush();
    return !persistConfig.storage.staleRisk;
  });
  let ready: Promise<void> = Promise.resolve();
  if (persistConfig) {
    ready = new Promise<void>((resolve) => {
      persistor = persistStore(store, null, resolve);
    });
  }
  let disposing: Promise<void> | undefined;
  return {
    store,
    persistor,
    ready,
    listeners,
    dispose: () => {
      disposing ??= (async () => {
        await listeners();
        ownTabs?.close?.();
        if (persistor) {
          await persistor.flush();
          persistor.pause();
        }
      })();
      return disposing;
    },
  };
}

/** The slice's own state without redux-persist's `_persist` key. */
export type { ExportsState };
