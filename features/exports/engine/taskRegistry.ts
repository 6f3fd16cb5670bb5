/**
 * The tasks one engine runs: at most one per kind and key (a job's monitor,
 * its download, its cancel request; a start request), each with its own
 * `AbortController`. `close()` aborts all of them and waits until every one
 * has ended, so nothing outlives the store (invariant 6,
 * docs/design.md#invariants).
 */
import { whenAborted } from '../timing/delay';
import { AbortedError } from '../errors/AbortedError';

export type TaskKind = 'monitor' | 'download' | 'cancel' | 'start';

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

export class TaskRegistry {
  private readonly tasks: Record<TaskKind, Map<string, Task>> = {
    monitor: new Map(),
    download: new Map(),
    cancel: new Map(),
    start: new Map(),
  };
  private readonly inFlight = new Set<Promise<void>>();
  private isClosed = false;

  /** @param onError told of what a task threw (unless it was stopped) */
  constructor(private readonly onError: (error: unknown, kind: TaskKind, key: string) => void) {}

  /** True once `close()` was called: no task starts any more. */
  get closed(): boolean {
    return this.isClosed;
  }

  has(kind: TaskKind, key: string): boolean {
    return this.tasks[kind].has(key);
  }

  /** The claim the running download of `jobId` belongs to. */
  claimOf(jobId: string): string | undefined {
    return this.tasks.download.get(jobId)?.claimId;
  }

  /**
   * Runs `work` as the one task of its kind for `key`; returns false,
   * running nothing, when one already runs or the registry is closed.
   */
  run(kind: TaskKind, key: string, work: (signal: AbortSignal) => Promise<void>, claimId?: string): boolean {
    if (this.isClosed || this.tasks[kind].has(key)) return false;
    const task: Task = { controller: new AbortController(), claimId };
    this.tasks[kind].set(key, task);
    const promise = this.settle(kind, key, task, work);
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return true;
  }

  private async settle(kind: TaskKind, key: string, task: Task, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const { signal } = task.controller;
    try {
      // A transport that ignores its signal must not keep close() waiting: the task
      // ends when it is aborted, and whatever the abandoned work does later is dropped.
      const running = work(signal);
      running.catch(() => undefined);
      await Promise.race([running, whenAborted(signal)]);
    } catch (error) {
      if (!signal.aborted) this.onError(error, kind, key);
    } finally {
      if (this.tasks[kind].get(key) === task) this.tasks[kind].delete(key);
    }
  }

  /** Stops the task of `kind` for `key`, if any. */
  abort(kind: TaskKind, key: string, cause: StopCause): void {
    const task = this.tasks[kind].get(key);
    if (!task) return;
    this.tasks[kind].delete(key);
    task.controller.abort(new TaskStopped(cause));
  }

  /** Stops everything running for one job. */
  abortJob(jobId: string, cause: StopCause): void {
    this.abort('monitor', jobId, cause);
    this.abort('download', jobId, cause);
    this.abort('cancel', jobId, cause);
  }

  /** How many tasks of each job kind run now, for tests and debugging. */
  running(): { monitor: number; download: number; cancel: number } {
    return { monitor: this.tasks.monitor.size, download: this.tasks.download.size, cancel: this.tasks.cancel.size };
  }

  /** Stops every task and waits until all have ended. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const kind of Object.keys(this.tasks) as TaskKind[]) {
      for (const key of [...this.tasks[kind].keys()]) this.abort(kind, key, 'disposed');
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
