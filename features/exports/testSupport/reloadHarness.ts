/**
 * A page reload in a test: one storage shared by "pages" (stores) that can
 * be killed like a closed tab: from that instant the dead page writes
 * nothing more, and none of its work goes on.
 */
import type { PersistStorageLike } from '../persistence/safeStorage';
import type { CreateExportsStoreOptions } from '../../../store/createExportsStore';
import type { MemoryTransport } from '../testkit/createMemoryTransport';
import { makeTestStore } from './testStore';

/** How the storage behaves: fine, full (writes throw a quota error), or disabled (everything throws). */
export type StorageMode = 'ok' | 'quota' | 'disabled';

export interface SharedStorage {
  data: Map<string, string>;
  /** Set it to make every page's storage fail from now on. */
  mode: StorageMode;
  /** setItem calls that reached the shared data. */
  writes(): number;
  /** Bytes of everything stored. */
  bytes(): number;
  /** A page's view of the storage; writes may be delayed by `gate`. */
  page(): { storage: PersistStorageLike; kill(): void };
  /** While held, writes wait (an async storage under load). */
  holdWrites(): void;
  releaseWrites(): void;
}

/**
 * @param onWrite told after every write that reached the data (the harness
 *   checks storage there: docs/design.md#tabs). Reads answer at once, as
 *   localStorage does, so a page's read, merge and write are one step.
 */
export function createSharedStorage(onWrite?: (key: string, previous: string | undefined, value: string) => void): SharedStorage {
  const data = new Map<string, string>();
  let writes = 0;
  let held = false;
  const pending: Array<() => void> = [];
  const shared: SharedStorage = {
    data,
    mode: 'ok',
    writes: () => writes,
    bytes: () => [...data.values()].reduce((sum, value) => sum + Buffer.byteLength(value), 0),
    holdWrites: () => {
      held = true;
    },
    releaseWrites: () => {
      held = false;
      for (const write of pending.splice(0)) write();
    },
    page: () => {
      let dead = false;
      const fail = (write: boolean): void => {
        if (shared.mode === 'disabled') throw Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' });
        if (shared.mode === 'quota' && write) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      };
      const storage: PersistStorageLike = {
        getItem: (key) => {
          fail(false);
          return dead ? null : (data.get(key) ?? null);
        },
        setItem: (key, value) => {
          if (dead) return Promise.resolve();
          fail(true);
          const write = (): void => {
            if (dead) return;
            const previous = data.get(key);
            data.set(key, value);
            writes += 1;
            onWrite?.(key, previous, value);
          };
          if (!held) {
            write();
            return Promise.resolve();
          }
          return new Promise<void>((resolve) => pending.push(() => (write(), resolve())));
        },
        removeItem: (key) => {
          if (dead) return;
          fail(false);
          data.delete(key);
        },
      };
      return { storage, kill: () => (dead = true) };
    },
  };
  return shared;
}

/** Opens a page (a store) over the shared storage and the same server. */
export async function openPage(
  shared: SharedStorage,
  transport: MemoryTransport,
  options: Partial<CreateExportsStoreOptions> = {},
) {
  const page = shared.page();
  const bundle = makeTestStore({ transport, storage: page.storage, persistThrottleMs: 100, ...options });
  await bundle.ready;
  return {
    ...bundle,
    /** The tab dies: no flush, no more writes, its work stops where it was. */
    kill: async () => {
      page.kill();
      bundle.persistor?.pause();
      await bundle.listeners();
    },
  };
}
