/**
 * What a `SafeStorage` knows about the storage under it, shared by its read
 * and write paths (docs/design.md#persistence, "Storage that fails"): the
 * memory fallback, whether writes go there, how many writes reached storage,
 * and whether storage may hold an older value than the page (then a claim is
 * not durable).
 */
import type { PersistStorageLike, SafeStorageOptions } from './safeStorage';
import { tellSafely } from './warnOnce';

export interface SafeStorageState {
  readonly storage: PersistStorageLike;
  readonly options: SafeStorageOptions;
  /** The values kept for this page only, while writes go to memory. */
  readonly memory: Map<string, string>;
  inMemory: boolean;
  writes: number;
  /** Storage has held a value of ours (read or written): a failed removal may leave it stale. */
  everStored: boolean;
  staleRisk: boolean;
}

export function createSafeStorageState(storage: PersistStorageLike, options: SafeStorageOptions): SafeStorageState {
  return { storage, options, memory: new Map(), inMemory: false, writes: 0, everStored: false, staleRisk: false };
}

/** Tells `options.onError` (read at each call) of one failure; never rethrows. */
export function tell(state: SafeStorageState, code: string, message: string, cause?: unknown): void {
  tellSafely(state.options, code, message, cause);
}

/** After a successful write (or removal): storage holds exactly what the page has, or nothing. */
export function settle(state: SafeStorageState, key: string, stored: boolean): void {
  state.inMemory = !stored;
  state.staleRisk = false;
  state.everStored = stored;
  if (stored) state.memory.delete(key);
}
