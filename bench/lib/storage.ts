/**
 * A localStorage-like storage for the benchmark: synchronous getItem /
 * setItem / removeItem over a Map, counting every write and its bytes
 * (UTF-8). Both our library and the baseline write into one of these.
 */
export interface CountingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly data: Map<string, string>;
  /** setItem + removeItem calls. */
  writes(): number;
  /** UTF-8 bytes of every value passed to setItem. */
  bytesWritten(): number;
  /** UTF-8 bytes of what is stored now, keys included. */
  storedBytes(): number;
  /** Forgets the counters (not the data). */
  resetCounters(): void;
}

export function createCountingStorage(): CountingStorage {
  const data = new Map<string, string>();
  let writes = 0;
  let bytes = 0;
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      writes += 1;
      bytes += Buffer.byteLength(value);
      data.set(key, String(value));
    },
    removeItem: (key) => {
      writes += 1;
      data.delete(key);
    },
    writes: () => writes,
    bytesWritten: () => bytes,
    storedBytes: () => {
      let total = 0;
      for (const [key, value] of data) total += Buffer.byteLength(key) + Buffer.byteLength(value);
      return total;
    },
    resetCounters: () => {
      writes = 0;
      bytes = 0;
    },
  };
}
