/**
 * `exportsPersistConfig`: the redux-persist config of the exports slice
 * alone (a nested persist), made safe where redux-persist's defaults are
 * not:
 * - storage that throws, holds garbage or is full never breaks the app;
 * - a future version or an invalid value is replaced, not crashed on;
 * - what comes back from disk is checked entry by entry, records cut short
 *   by the reload become `interrupted`, and expired jobs are pruned;
 * - jobs started before REHYDRATE are merged in, not overwritten;
 * - writes are throttled; `persistor.flush()` makes a claim durable.
 */
import { createMigrate } from 'redux-persist';
import type { PersistConfig, PersistedState } from 'redux-persist';
import { ExportError } from '../errors/ExportError';
import { exportsReducer, jobsPruned } from '../model/exportsSlice';
import { selectPrunableJobIds } from '../model/pruning';
import { DEFAULTS } from '../engine/options';
import type { ExportsState } from '../model/types';
import { EXPORTS_PERSIST_VERSION, exportsMigrations } from './migrations';
import { reconcileExportsState } from './reconcileExportsState';
import { createMemoryStorage } from './memoryStorage';
import { createSafeStorage, defaultWebStorage } from './safeStorage';
import type { PersistStorageLike, SafeStorage } from './safeStorage';
import { sanitizeExportsState } from './sanitizeExportsState';
import { shrinkPersistedValue } from './shrinkPersistedValue';

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
  const told = new Set<string>();
  const warn = (code: string, message: string, cause?: unknown): void => {
    if (told.has(code)) return;
    told.add(code);
    try {
      options.onError?.(new ExportError(code, message, { cause }));
    } catch {
      /* never rethrow into the app */
    }
  };
  const storage = createSafeStorage(options.storage ?? defaultWebStorage() ?? createMemoryStorage(), {
    onError: (error) => warn(error.code, error.message, error.cause),
    shrink: shrinkPersistedValue,
  });
  const migrateKnown = createMigrate(exportsMigrations(now), { debug: false });

  // One warning per bad read: a value found corrupt is not also reported as invalid.
  let corruptRead = false;
  const deserialize = (text: unknown): unknown => {
    if (typeof text !== 'string') return text ?? {};
    try {
      return JSON.parse(text) ?? {};
    } catch (error) {
      corruptRead = true;
      warn('storage_corrupt', 'Saved exports were not readable and were replaced', error);
      return {};
    }
  };

  const migrate = async (inbound: PersistedState | undefined, currentVersion: number): Promise<PersistedState | undefined> => {
    if (inbound === undefined) return undefined;
    const alreadyTold = corruptRead;
    corruptRead = false;
    const persisted = (inbound as { _persist?: { version?: unknown } })._persist;
    if (typeof persisted !== 'object' || persisted === null) {
      if (!alreadyTold) warn('storage_invalid', 'Saved exports were not in a known format and were replaced');
      return undefined;
    }
    const version = persisted.version;
    if (typeof version === 'number' && version > currentVersion) {
      warn('storage_version', `Saved exports come from a newer version (${version}) and were replaced`);
      return undefined;
    }
    let migrated: unknown;
    try {
      migrated = await migrateKnown(inbound, currentVersion);
    } catch (error) {
      warn('storage_corrupt', 'Saved exports could not be migrated and were replaced', error);
      return undefined;
    }
    const { state, dropped } = sanitizeExportsState(migrated);
    if (dropped > 0 && !alreadyTold) warn('storage_invalid', `${dropped} saved export entries were invalid and were dropped`);
    // Nothing runs before REHYDRATE: a download that was running is one a reload cut short.
    for (const record of Object.values(state.downloadedJobIds)) {
      if (record.status === 'claimed' || record.status === 'downloading') {
        record.status = 'interrupted';
        delete record.retryAt;
      }
    }
    // The same pruning as while the app runs: the slice's own `jobsPruned`.
    const stale = selectPrunableJobIds(state, now(), ttlMs, maxJobs);
    const kept = stale.length > 0 ? exportsReducer(state, jobsPruned({ ids: stale })) : state;
    return { ...kept, _persist: { version: currentVersion, rehydrated: false } } as ExportsState & PersistedState;
  };

  const config = {
    key: options.persistKey ?? DEFAULT_PERSIST_KEY,
    version: EXPORTS_PERSIST_VERSION,
    storage,
    whitelist: ['jobs', 'downloadedJobIds', 'pendingStarts'],
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
