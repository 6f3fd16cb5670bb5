/**
 * `redux-export-jobs/store`: the feature wired into a store. Persistence
 * with redux-persist (`exportsPersistConfig`), one automatic download across
 * the app's tabs (`browserTabCoordinator`), and `createExportsStore`, a
 * ready store that does all of it, for apps that have none and for tests.
 *
 * @example
 * // an app without a store
 * import { createExportsStore } from 'redux-export-jobs/store';
 * import { createHttpTransport } from 'redux-export-jobs/http';
 *
 * const { store, ready, dispose } = createExportsStore({
 *   transport: createHttpTransport({ baseUrl: '/api', download: 'link' }),
 * });
 *
 * @example
 * // an app with its own store: persist the slice, coordinate the tabs
 * import { exportsPersistConfig, browserTabCoordinator } from 'redux-export-jobs/store';
 *
 * const exportsReducer = persistReducer(exportsPersistConfig(), exportsSlice.reducer);
 * registerExportsListeners(startAppListening, {
 *   transport,
 *   tabs: browserTabCoordinator(),
 *   persistNow: async () => { await persistor.flush(); }, // the claim is on disk before the download
 * });
 */
export { createExportsStore, PERSIST_ACTIONS } from '../store/createExportsStore';
export type {
  CreateExportsStoreOptions,
  ExportsStoreBundle,
  ExportsAppStore,
  ExportsAppState,
  ExportsAppDispatch,
} from '../store/createExportsStore';
export { createAppAsyncThunk } from '../store/typedHelpers';
export type { AppStartListening } from '../store/typedHelpers';
export { exportsPersistConfig, DEFAULT_PERSIST_KEY } from '../features/exports/persistence/exportsPersistConfig';
export type { ExportsPersistOptions, ExportsPersistConfig } from '../features/exports/persistence/exportsPersistConfig';
export type { PersistStorageLike } from '../features/exports/persistence/safeStorage';
export { EXPORTS_PERSIST_VERSION } from '../features/exports/persistence/migrations';
export { createTabCoordinator } from '../features/exports/tabs/createTabCoordinator';
export { browserTabCoordinator } from '../features/exports/tabs/browserTabCoordinator';
export type { TabCoordinatorOptions, LockManagerLike, SyncStorageLike, ChannelLike } from '../features/exports/tabs/createTabCoordinator';
