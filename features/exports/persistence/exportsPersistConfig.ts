/**
 * `exportsPersistConfig`: the redux-persist config of the exports slice
 * alone (a nested persist), made safe where redux-persist's defaults are
 * not:
 * - storage that throws, holds garbage or is full never breaks the app;
 * - a future version or an invalid value is replaced, not crashed on;
 * - what comes back from disk is checked entry by entry, records cut short
 *   by the reload become `interrupted`, and expired jobs are pruned;
 * - jobs started before REHYDRATE are merged in, not overwritten;
 * - writes are throttled; `persistor.flush()` makes a claim durable;
 * - each write is joined with what storage holds (`mergeOnWrite`), so tabs
 *   sharing the storage cannot drop or revive each other's jobs.
 * See docs/design.md#persistence. This module only composes: the warnings
 * (`warnOnce`), the storage (`safeStorage`) and the way in
 * (`readStoredState`) live in their own modules.
 */
import type { PersistConfig } from 'redux-persist';
import { DEFAULTS } from '../engine/options';
import type { ExportsState } from '../model/types';
import { EXPORTS_PERSIST_VERSION } from './migrations';
import { reconcileExportsState } from './reconcileExportsState';
import { createMemoryStorage } from './memoryStorage';
import { createSafeStorage, defaultWebStorage } from './safeStorage';
import type { PersistStorageLike, SafeStorage } from './safeStorage';
import { shrinkPersistedValue } from './shrinkPersistedValue';
import { createMergeOnWrite } from './mergeOnWrite';
import { createStoredStateReader } from './readStoredState';
import { createWarnOnce } from './warnOnce';

/** Options of `exportsPersistConfig`. */
export interface ExportsPersistOptions {
  /** Where to keep the slice. @default localStorage where it works, else memory */
  storage?: PersistStorageLike;
  /** The storage key (redux-persist prefixes it with `persist:`). @default 'redux-export-jobs' */
  persistKey?: string;
  /** At most one write per this many ms for ordinary changes (progress...). @default 1000 */
  throttleMs?: number;
  /** Finished jobs older than this are dropped when read back. @default 24 h */
  ttlMs?: number;
  /** At most this many jobs are read back. @default 200 */
  maxJobs?: number;
  /** Told about bad or failing storage, once per kind. */
  onError?: (error: unknown) => void;
  /** The clock. @default Date.now */
  now?: () => number;
}

/** A redux-persist config for the `exports` slice, over a storage that never throws. */
export type ExportsPersistConfig = PersistConfig<ExportsState> & { storage: SafeStorage };

/** The storage key used when none is given (redux-persist stores it as `persist:redux-export-jobs`). */
export const DEFAULT_PERSIST_KEY = 'redux-export-jobs';

/**
 * The redux-persist config of the `exports` slice, for an app that
 * persists its own store: versioned with migrations, every stored entry
 * checked on load, downloads cut short by a reload marked `interrupted`,
 * pruned by ttl and `maxJobs`, writes throttled, bad storage survived.
 *
 * @example
 * // an app that already uses redux-persist
 * const rootReducer = combineReducers({
 *   exports: persistReducer(exportsPersistConfig({ storage }), exportsSlice.reducer),
 *   // ...your slices
 * })
 */
export function exportsPersistConfig(options: ExportsPersistOptions = {}): ExportsPersistConfig {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULTS.ttlMs;
  const maxJobs = options.maxJobs ?? DEFAULTS.maxJobs;
  // One warning per kind, for the storage and the way in alike.
  const warn = createWarnOnce(options);
  const storage = createSafeStorage(options.storage ?? defaultWebStorage() ?? createMemoryStorage(), {
    onError: (error) => warn(error.code, error.message, error.cause),
    shrink: shrinkPersistedValue,
    merge: createMergeOnWrite({ now, ttlMs, maxJobs }),
  });
  const { deserialize, migrate } = createStoredStateReader({ warn, now, ttlMs, maxJobs });

  const config = {
    key: options.persistKey ?? DEFAULT_PERSIST_KEY,
    version: EXPORTS_PERSIST_VERSION,
    storage,
    whitelist: ['jobs', 'downloadedJobIds', 'pendingStarts', 'dismissedJobIds'],
    throttle: options.throttleMs ?? 1_000,
    // Our storage answers every read (a failing one as empty), so redux-persist's
    // never-cleared 5 s rehydrate timer is not needed.
    timeout: 0,
    migrate,
    deserialize,
    stateReconciler: reconcileExportsState,
    writeFailHandler: (error: Error) => warn('storage_write', 'Exports could not be saved', error),
  };
  return config as ExportsPersistConfig;
}
