/**
 * A storage in memory, with the redux-persist storage's methods: the
 * fallback where no web storage works, and the test kit's storage
 * (`redux-export-jobs/testing` re-exports it).
 */
import type { PersistStorageLike } from './safeStorage';

export function createMemoryStorage(): PersistStorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
    removeItem: (key) => {
      data.delete(key);
    },
  };
}
