/**
 * An in-memory Web Locks manager (exclusive mode), for tests where tabs are
 * stores in one process. The real one is tested in the browser suite.
 */
import { AbortedError } from '../errors/AbortedError';
import type { LockManagerLike } from '../tabs/createTabCoordinator';

export function createMemoryLocks(): LockManagerLike & { held(): string[] } {
  const tails = new Map<string, Promise<void>>();
  const holding = new Set<string>();
  return {
    held: () => [...holding],
    request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      let release: () => void = () => {};
      const mine = new Promise<void>((resolve) => (release = resolve));
      tails.set(name, previous.then(() => mine));
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => {
          release();
          reject(new AbortedError(options.signal?.reason));
        };
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        void previous.then(async () => {
          if (options.signal?.aborted) return;
          options.signal?.removeEventListener('abort', onAbort);
          holding.add(name);
          try {
            resolve(await callback());
          } catch (error) {
            reject(error);
          } finally {
            holding.delete(name);
            release();
          }
        });
      });
    },
  };
}
