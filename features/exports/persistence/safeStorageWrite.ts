/**
 * The write path of `SafeStorage` (docs/design.md#persistence, "Storage
 * that fails"). Every write tries the real storage first: a storage that
 * comes back (space freed, setting changed) is repaired by the next write.
 * On a quota error the value is shrunk (oldest finished jobs dropped) and
 * written once more. If that fails too, the value is kept in memory and the
 * stale value is removed from storage: a reload must not bring back a job
 * without the claim made since (that would download it a second time,
 * docs/failure-modes.md row 4). When it cannot be removed, `staleRisk` says
 * so.
 */
import { settle, tell } from './safeStorageState';
import type { SafeStorageState } from './safeStorageState';

/** The ways browsers say "storage is full". */
export const isQuotaError = (error: unknown): boolean => {
  const e = error as { name?: unknown; code?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014)
  );
};

/** One write to the real storage, counted when it succeeds. */
async function writeThrough(state: SafeStorageState, key: string, value: string): Promise<void> {
  await state.storage.setItem(key, value);
  state.writes += 1;
}

/** After a quota error: writes the shrunk value once; false when there is none or it failed too. */
async function writeShrunk(state: SafeStorageState, key: string, value: string, quotaError: unknown): Promise<boolean> {
  const smaller = state.options.shrink?.(value);
  if (smaller === undefined) return false;
  try {
    await writeThrough(state, key, smaller);
    settle(state, key, true);
    tell(state, 'storage_quota', 'Storage is full: the oldest finished exports were dropped from it', quotaError);
    return true;
  } catch {
    return false;
  }
}

/** Keeps `value` for this page only, and removes what storage still holds (now stale). */
async function fallBackToMemory(state: SafeStorageState, key: string, value: string, error: unknown): Promise<void> {
  state.inMemory = true;
  state.memory.set(key, value);
  try {
    await state.storage.removeItem(key);
    settle(state, key, false);
  } catch {
    state.staleRisk = state.everStored;
  }
  tell(
    state,
    isQuotaError(error) ? 'storage_quota' : 'storage_write',
    'Exports cannot be saved in this browser (storage full or disabled); they are kept for this page only',
    error,
  );
}

/**
 * `value` joined with what storage holds (`SafeStorageOptions.merge`). A
 * synchronous storage is read in the caller's turn, so its read, join and
 * write happen with nothing in between; a failing read leaves `value` as is.
 */
function merged(state: SafeStorageState, key: string, value: string): string | Promise<string> {
  const merge = state.options.merge;
  if (!merge) return value;
  const join = (stored: string | null | undefined): string => (typeof stored === 'string' ? merge(stored, value) : merge(null, value));
  try {
    const stored = state.storage.getItem(key);
    return typeof (stored as PromiseLike<unknown> | null)?.then === 'function' ? Promise.resolve(stored).then(join, () => value) : join(stored as string | null);
  } catch {
    return value;
  }
}

/** `SafeStorage.setItem`: never throws a storage failure into the app. */
export async function writeItem(state: SafeStorageState, key: string, given: string): Promise<void> {
  const joined = merged(state, key, given);
  const value = typeof joined === 'string' ? joined : await joined;
  try {
    await writeThrough(state, key, value);
    settle(state, key, true);
  } catch (error) {
    if (isQuotaError(error) && (await writeShrunk(state, key, value, error))) return;
    await fallBackToMemory(state, key, value, error);
  }
}
