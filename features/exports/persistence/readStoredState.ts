/**
 * The deserialize + migrate pipeline of `exportsPersistConfig`
 * (docs/design.md#persistence, "Read back with suspicion"). redux-persist
 * calls `deserialize` on the stored text, then `migrate` on what it gave;
 * together they return the state to rehydrate, or `undefined` to boot empty:
 * - garbage, a value in no known format, a future version or a failed
 *   migration is replaced;
 * - the migrated value is checked entry by entry, invalid entries dropped;
 * - then `prepareRehydrated` (cut downloads `interrupted`, pruning).
 * One warning per bad read: a value found corrupt is not also reported as
 * invalid (both share the `corruptRead` flag, so they live here together).
 */
import { createMigrate } from 'redux-persist';
import type { PersistedState } from 'redux-persist';
import type { ExportsState } from '../model/types';
import { exportsMigrations } from './migrations';
import { prepareRehydrated } from './prepareRehydrated';
import { sanitizeExportsState } from './sanitizeExportsState';
import type { Warn } from './warnOnce';

export interface StoredStateReaderOptions {
  warn: Warn;
  now: () => number;
  ttlMs: number;
  maxJobs: number;
}

/** The two redux-persist config fields of the way in. */
export interface StoredStateReader {
  deserialize: (text: unknown) => unknown;
  migrate: (inbound: PersistedState | undefined, currentVersion: number) => Promise<PersistedState | undefined>;
}

export function createStoredStateReader({ warn, now, ttlMs, maxJobs }: StoredStateReaderOptions): StoredStateReader {
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
    const kept = prepareRehydrated(state, now(), ttlMs, maxJobs);
    return { ...kept, _persist: { version: currentVersion, rehydrated: false } } as ExportsState & PersistedState;
  };

  return { deserialize, migrate };
}
