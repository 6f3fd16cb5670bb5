/**
 * Finds the listeners' runtime from a thunk. Redux hands every middleware
 * the same `middlewareAPI.dispatch`, so the dispatch a listener effect sees
 * is the one `startExport` sees; the runtime is filed under it.
 */
import type { ExportsRuntime } from './engine/taskRegistry';

const byDispatch = new WeakMap<object, ExportsRuntime>();

export function bindRuntime(dispatch: object, runtime: ExportsRuntime): void {
  if (!byDispatch.has(dispatch)) byDispatch.set(dispatch, runtime);
}

export function unbindRuntime(dispatch: object, runtime: ExportsRuntime): void {
  if (byDispatch.get(dispatch) === runtime) byDispatch.delete(dispatch);
}

export function findRuntime(dispatch: object): ExportsRuntime | undefined {
  return byDispatch.get(dispatch);
}
