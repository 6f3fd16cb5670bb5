/**
 * Wraps a storage (localStorage, AsyncStorage, anything with getItem /
 * setItem / removeItem, sync or async) so that it never throws into the
 * app: a failing read is an empty read, a huge value is refused, and a
 * failing write is told to `onError` (which decides how often to pass it
 * on: `exportsPersistConfig` warns once per kind). On a quota
 * error the value is shrunk (oldest finished jobs dropped) and written
 * once more; if that fails too, the wrapper removes the stale value and
 * carries on in memory (docs/design.md#persistence, "Storage that fails").
 * This module owns the interface and the read path; the write path is
 * `safeStorageWrite.ts`, the state both share `safeStorageState.ts`.
 */
import type { ExportError } from '../errors/ExportError';
import { createSafeStorageState, tell } from './safeStorageState';
import type { SafeStorageState } from './safeStorageState';
import { writeItem } from './safeStorageWrite';

/** The storage redux-persist needs: the methods may answer directly or with a promise. */
export interface PersistStorageLike {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<unknown>;
  removeItem(key: string): void | Promise<unknown>;
}

export interface SafeStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
  /** True once writes go to memory only. */
  readonly inMemory: boolean;
  /** Writes that reached the underlying storage. */
  readonly writes: number;
  /**
   * True while storage may hold an older value than the page (a write failed
   * and the old value could not be removed): a claim is then not durable.
   */
  readonly staleRisk: boolean;
}

export interface SafeStorageOptions {
  /** Told of every failure, with its kind as the code: `storage_read`, `storage_too_large`, `storage_write`, `storage_quota`. */
  onError?: (error: ExportError) => void;
  /** A stored value longer than this is not read (it is replaced on the next write). @default 5_000_000 */
  maxValueLength?: number;
  /** Makes a smaller value after a quota error; `undefined` when it cannot. */
  shrink?: (value: string) => string | undefined;
  /**
   * Joins the value to write with what storage holds (`null`: nothing), read
   * in the same turn when the storage answers synchronously (localStorage).
   */
  merge?: (stored: string | null, value: string) => string;
}

/** `SafeStorage.getItem`: memory while writes go there, else storage; a failing or bad read is an empty one. */
async function readItem(state: SafeStorageState, key: string, maxValueLength: number): Promise<string | null> {
  if (state.inMemory) return state.memory.get(key) ?? null;
  try {
    const value = await state.storage.getItem(key);
    if (value === null || value === undefined) return null;
    state.everStored = true;
    if (typeof value !== 'string') {
      tell(state, 'storage_read', 'Saved exports were not text and were ignored');
      return null;
    }
    if (value.length > maxValueLength) {
      tell(state, 'storage_too_large', `Saved exports were too large (${value.length} characters) and were ignored`);
      return null;
    }
    return value;
  } catch (error) {
    tell(state, 'storage_read', 'Saved exports could not be read; starting empty', error);
    return null;
  }
}

export function createSafeStorage(storage: PersistStorageLike, options: SafeStorageOptions = {}): SafeStorage {
  const maxValueLength = options.maxValueLength ?? 5_000_000;
  const state = createSafeStorageState(storage, options);
  return {
    get inMemory() {
      return state.inMemory;
    },
    get writes() {
      return state.writes;
    },
    get staleRisk() {
      return state.staleRisk;
    },
    getItem: (key) => readItem(state, key, maxValueLength),
    setItem: (key, value) => writeItem(state, key, value),
    async removeItem(key) {
      state.memory.delete(key);
      try {
        await storage.removeItem(key);
      } catch (error) {
        tell(state, 'storage_write', 'Saved exports could not be removed', error);
      }
    },
  };
}

/** `window.localStorage` when it works here, else `undefined` (private mode, SSR, disabled cookies). */
export function defaultWebStorage(): PersistStorageLike | undefined {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (!storage) return undefined;
    const probe = '__redux_export_jobs_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}
