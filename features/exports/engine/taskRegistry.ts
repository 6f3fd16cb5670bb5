/**
 * The tasks one engine runs: at most one per kind and key (a job's monitor,
 * its download, its cancel request; a start request), each with its own
 * `AbortController`. `close()` aborts all of them and waits until every one
 * has ended, so nothing outlives the store (invariant 6,
 * docs/design.md#invariants).
 */
import { whenAborted } from '../timing/delay';
import { AbortedError } from '../errors/AbortedError';

export type TaskKind = 'monitor' | 'download' | 'cancel' | 'start' | 'history';

/** Why a task was stopped. A closed engine records nothing. */
export type StopCause = 'cancelled' | 'dismissed' | 'finished' | 'disposed';

/** The abort reason of every task: an `AbortedError` that says why. */
export class TaskStopped extends AbortedError {
  readonly stopCause: StopCause;

  constructor(stopCause: StopCause) {
    super(stopCause);
    this.stopCause = stopCause;
  }
}

/** Why the task behind `signal` was stopped; `undefined` while it runs (or when something else aborted it). */
export function stopCauseOf(signal: AbortSignal): StopCause | undefined {
  const reason: unknown = signal.reason;
  return reason instanceof AbortedError ? (reason as Partial<TaskStopped>).stopCause : undefined;
}

interface Task {
  controller: AbortController;
  /** For downloads: the claim the task runs. */
  claimId: string | undefined;
}

export interface TaskRegistry {
  /** True once `close()` was called: no task starts any more. */
  readonly closed: boolean;
  has(kind: TaskKind, key: string): boolean;
  /** The claim the running download of `jobId` belongs to. */
  claimOf(jobId: string): string | undefined;
  /**
   * Runs `work` as the one task of its kind for `key`; returns false,
   * running nothing, when one already runs or the registry is closed.
   */
  run(kind: TaskKind, key: string, work: (signal: AbortSignal) => Promise<void>, claimId?: string): boolean;
  /** Stops the task of `kind` for `key`, if any. */
  abort(kind: TaskKind, key: string, cause: StopCause): void;
  /** Stops everything running for one job. */
  abortJob(jobId: string, cause: StopCause): void;
  /** How many tasks of each job kind run now, for tests and debugging. */
  running(): { monitor: number; download: number; cancel: number };
  /** Stops every task and waits until all have ended. */
  close(): Promise<void>;
}

/** @param onError told of what a task threw (unless it was stopped) */
export function createTaskRegistry(onError: (error: unknown, kind: TaskKind, key: string) => void): TaskRegistry {
  const tasks: Record<TaskKind, Map<string, Task>> = { monitor: new Map(), download: new Map(), cancel: new Map(), start: new Map(), history: new Map() };
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const settle = async (kind: TaskKind, key: string, task: Task, work: (signal: AbortSignal) => Promise<void>): Promise<void> => {
    const { signal } = task.controller;
    try {
      // A transport that ignores its signal must not keep close() waiting: the task
      // ends when it is aborted, and whatever the abandoned work does later is dropped.
      const running = work(signal);
      running.catch(() => undefined);
      await Promise.race([running, whenAborted(signal)]);
    } catch (error) {
      if (!signal.aborted) onError(error, kind, key);
    } finally {
      if (tasks[kind].get(key) === task) tasks[kind].delete(key);
    }
  };

  const abort = (kind: TaskKind, key: string, cause: StopCause): void => {
    const task = tasks[kind].get(key);
    if (!task) return;
    tasks[kind].delete(key);
    task.controller.abort(new TaskStopped(cause));
  };

  return {
    get closed() {
      return closed;
    },
    has: (kind, key) => tasks[kind].has(key),
    claimOf: (jobId) => tasks.download.get(jobId)?.claimId,
    run(kind, key, work, claimId) {
      if (closed || tasks[kind].has(key)) return false;
      const task: Task = { controller: new AbortController(), claimId };
      tasks[kind].set(key, task);
      const promise = settle(kind, key, task, work);
      inFlight.add(promise);
      void promise.finally(() => inFlight.delete(promise));
      return true;
    },
    abort,
    abortJob(jobId, cause) {
      abort('monitor', jobId, cause);
      abort('download', jobId, cause);
      abort('cancel', jobId, cause);
    },
    running: () => ({ monitor: tasks.monitor.size, download: tasks.download.size, cancel: tasks.cancel.size }),
    async close() {
      closed = true;
      for (const kind of Object.keys(tasks) as TaskKind[]) for (const key of [...tasks[kind].keys()]) abort(kind, key, 'disposed');
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
