/**
 * What one registration of the listeners owns at run time: an abort
 * controller per monitor, download and cancel request, and the promises of
 * the work in flight. `dispose()` aborts all of it and waits for it to end
 * (invariant 6).
 */
import { whenAborted } from '../timing/delay';
import { AbortedError } from '../errors/AbortedError';
import type { ExportsErrorContext, ResolvedExportsOptions } from './options';
import type { ExportsStoreApi } from './storeApi';

export type TaskKind = 'monitor' | 'download' | 'cancel';

/** The reason a task was aborted; a disposed store records nothing. */
export type AbortCause = 'cancelled' | 'dismissed' | 'finished' | 'disposed';

interface Task {
  controller: AbortController;
  /** For downloads: the claim the task runs. */
  claimId?: string;
}

export class ExportsRuntime {
  readonly options: ResolvedExportsOptions;
  /** The store, known once any of the listeners has run. */
  store: ExportsStoreApi | undefined;
  disposed = false;
  private readonly tasks: Record<TaskKind, Map<string, Task>> = {
    monitor: new Map(),
    download: new Map(),
    cancel: new Map(),
  };
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: ResolvedExportsOptions) {
    this.options = options;
  }

  has(kind: TaskKind, jobId: string): boolean {
    return this.tasks[kind].has(jobId);
  }

  claimOf(jobId: string): string | undefined {
    return this.tasks.download.get(jobId)?.claimId;
  }

  /**
   * Runs `work` as the one task of its kind for `jobId`; returns false,
   * running nothing, when one is already running or the runtime is disposed.
   */
  run(kind: TaskKind, jobId: string, work: (signal: AbortSignal) => Promise<void>, claimId?: string): boolean {
    if (this.disposed || this.tasks[kind].has(jobId)) return false;
    const task: Task = { controller: new AbortController(), claimId };
    this.tasks[kind].set(jobId, task);
    const { signal } = task.controller;
    const promise = (async () => {
      try {
        // A transport that ignores its signal must not keep dispose() waiting: the task
        // ends when it is aborted, and whatever the abandoned work does later is dropped.
        const running = work(signal);
        running.catch(() => undefined);
        await Promise.race([running, whenAborted(signal)]);
      } catch (error) {
        if (!signal.aborted) this.report(error, { phase: kind, jobId });
      } finally {
        if (this.tasks[kind].get(jobId) === task) this.tasks[kind].delete(jobId);
      }
    })();
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return true;
  }

  /** Aborts the task of `kind` for `jobId`, if any. */
  abort(kind: TaskKind, jobId: string, cause: AbortCause): void {
    const task = this.tasks[kind].get(jobId);
    if (!task) return;
    this.tasks[kind].delete(jobId);
    task.controller.abort(new AbortedError(cause));
  }

  /** Aborts everything running for one job. */
  abortJob(jobId: string, cause: AbortCause): void {
    this.abort('monitor', jobId, cause);
    this.abort('download', jobId, cause);
    this.abort('cancel', jobId, cause);
  }

  /** Tells `onError`, which may itself throw: that is swallowed, never rethrown into the app. */
  report(error: unknown, context: ExportsErrorContext): void {
    try {
      this.options.onError?.(error, context);
    } catch {
      /* a throwing onError must not break the listener queue */
    }
  }

  /**
   * Writes state to storage now (when persistence is wired). Requests made
   * in the same tick share one write, made once the tick's dispatches are
   * done. Resolves whether the state is durable; never throws: a storage
   * failure is reported and the feature carries on.
   */
  persistNow(jobId?: string): Promise<boolean> {
    const write = this.options.persistNow;
    if (!write || this.disposed) return Promise.resolve(true);
    this.pendingWrite ??= Promise.resolve().then(async () => {
      this.pendingWrite = undefined;
      try {
        return (await write()) !== false;
      } catch (error) {
        this.report(error, { phase: 'persist', jobId });
        return false;
      }
    });
    return this.pendingWrite;
  }
  private pendingWrite: Promise<boolean> | undefined;

  /** Counts of what is running, for tests and DevTools-minded users. */
  running(): Record<TaskKind, number> {
    return { monitor: this.tasks.monitor.size, download: this.tasks.download.size, cancel: this.tasks.cancel.size };
  }

  /** Aborts every task and waits until all have ended. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const kind of Object.keys(this.tasks) as TaskKind[]) {
      for (const jobId of [...this.tasks[kind].keys()]) this.abort(kind, jobId, 'disposed');
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

/** The cause given to `abort`, read back from a signal. */
export function abortCauseOf(signal: AbortSignal): AbortCause | undefined {
  const reason: unknown = signal.reason;
  return reason instanceof AbortedError ? (reason.cause as AbortCause | undefined) : undefined;
}
