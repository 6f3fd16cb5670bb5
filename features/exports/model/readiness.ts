import type { ExportsRootState } from './types';

interface MaybePersisted {
  _persist?: { rehydrated?: boolean };
}

/**
 * True once the exports slice may start side effects: when it is not
 * persisted, or when redux-persist has rehydrated it (invariant 5).
 * Both a nested persist of the slice and a persisted root are understood.
 */
export function isExportsReady(state: ExportsRootState): boolean {
  const slice = (state.exports as unknown as MaybePersisted)._persist;
  const root = (state as unknown as MaybePersisted)._persist;
  return (slice === undefined || slice.rehydrated === true) && (root === undefined || root.rehydrated === true);
}
