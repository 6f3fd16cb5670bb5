/**
 * Wraps a storage (localStorage, AsyncStorage, anything with getItem /
 * setItem / removeItem, sync or async) so that it never throws into the
 * app: a failing read is an empty read, a huge value is refused, and a
 * failing write is told to `onError` (which decides how often to pass it
 * on: `exportsPersistConfig` warns once per kind). On a quota
 * error the value is shrunk (oldest finished jobs dropped) and written
 * once more; if that fails too, the wrapper removes the stale value and
 * carries on in memory.
 */
import { ExportError } from '../errors/ExportError';

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
}

const isQuotaError = (error: unknown): boolean => {
  const e = error as { name?: unknown; code?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014)
  );
};

export function createSafeStorage(storage: PersistStorageLike, options: SafeStorageOptions = {}): SafeStorage {
  const maxValueLength = options.maxValueLength ?? 5_000_000;
  const memory = new Map<string, string>();
  let inMemory = false;
  let writes = 0;

  const tell = (code: string, message: string, cause?: unknown): void => {
    try {
      options.onError?.(new ExportError(code, message, { cause }));
    } catch {
      /* never rethrow into the app */
    }
  };

  const write = async (key: string, value: string): Promise<void> => {
    await storage.setItem(key, value);
    writes += 1;
  };
  /** After a successful write (or removal): storage holds exactly what the page has, or nothing. */
  let everStored = false;
  let staleRisk = false;
  const settle = (key: string, stored: boolean): void => {
    inMemory = !stored;
    staleRisk = false;
    everStored = stored;
    if (stored) memory.delete(key);
  };

  return {
    get inMemory() {
      return inMemory;
    },
    get writes() {
      return writes;
    },
    get staleRisk() {
      return staleRisk;
    },
    async getItem(key) {
      if (inMemory) return memory.get(key) ?? null;
      try {
        const value = await storage.getItem(key);
        if (value === null || value === undefined) return null;
        everStored = true;
        if (typeof value !== 'string') {
          tell('storage_read', 'Saved exports were not text and were ignored');
          return null;
        }
        if (value.length > maxValueLength) {
          tell('storage_too_large', `Saved exports were too large (${value.length} characters) and were ignored`);
          return null;
        }
        return value;
      } catch (error) {
        tell('storage_read', 'Saved exports could not be read; starting empty', error);
        return null;
      }
    },
    async setItem(key, value) {
      // Every write tries the real storage first: a storage that comes back (space freed,
      // setting changed) is repaired by the next write.
      try {
        await write(key, value);
        settle(key, true);
        return;
      } catch (error) {
        if (isQuotaError(error)) {
          const smaller = options.shrink?.(value);
          if (smaller !== undefined) {
            try {
              await write(key, smaller);
              settle(key, true);
              tell('storage_quota', 'Storage is full: the oldest finished exports were dropped from it', error);
              return;
            } catch {
              /* fall through to memory */
            }
          }
        }
        inMemory = true;
        memory.set(key, value);
        // What storage still holds is now stale: a reload must not bring back a job
        // without the claim made since (that would download it a second time).
        try {
          await storage.removeItem(key);
          settle(key, false);
        } catch {
          staleRisk = everStored;
        }
        tell(
          isQuotaError(error) ? 'storage_quota' : 'storage_write',
          'Exports cannot be saved in this browser (storage full or disabled); they are kept for this page only',
          error,
        );
      }
    },
    async removeItem(key) {
      memory.delete(key);
      try {
        await storage.removeItem(key);
      } catch (error) {
        tell('storage_write', 'Saved exports could not be removed', error);
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
