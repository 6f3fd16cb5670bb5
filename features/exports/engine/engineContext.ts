/**
 * What every part of one engine receives as an argument: its resolved
 * options, its tasks, the persist-now policy, its share of the job list
 * with other tabs, and where errors go. Made once per
 * `registerExportsListeners` call; nothing of it lives in module state, so
 * two copies of the package in one page cannot split it
 * (docs/design.md#layers).
 *
 * The store is not in here: every listener effect passes its listener API
 * (`{ dispatch, getState }`) on to the code it calls.
 */
import type { ExportsErrorContext, ResolvedExportsOptions } from './options';
import { createPersistNow } from './persistNow';
import type { PersistNow } from './persistNow';
import { createJobSharing } from './shareJobs';
import type { JobSharing } from './shareJobs';
import { createTaskRegistry } from './taskRegistry';
import type { TaskRegistry } from './taskRegistry';

export interface EngineContext {
  readonly options: ResolvedExportsOptions;
  readonly tasks: TaskRegistry;
  /** Writes the state to storage now (batched per tick); resolves whether it is durable. */
  readonly persistNow: PersistNow;
  readonly sharing: JobSharing;
  /** Tells `onError`; a throwing `onError` is swallowed, never rethrown into the app. */
  report(error: unknown, context: ExportsErrorContext): void;
}

export function createEngineContext(options: ResolvedExportsOptions): EngineContext {
  const report = (error: unknown, context: ExportsErrorContext): void => {
    try {
      options.onError?.(error, context);
    } catch {
      /* a throwing onError must not break the listener queue */
    }
  };
  const tasks = createTaskRegistry((error, kind, key) => report(error, kind === 'start' || kind === 'history' ? { phase: kind } : { phase: kind, jobId: key }));
  const context: EngineContext = {
    options,
    tasks,
    report,
    persistNow: createPersistNow(options.persistNow, () => tasks.closed, report),
    sharing: createJobSharing(options, tasks, report),
  };
  return context;
}
