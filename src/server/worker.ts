import type { JobQueue } from './jobQueue';
import { createExportRunner } from './exportRunner';
import type { ExportRunnerOptions } from './exportRunner';

/**
 * The in-process job queue (the default): runs up to `concurrency` exports
 * at once with `exportRunner.ts`, the others wait in `queued`. Cancel aborts
 * the work and waits until the partial output is gone. Jobs live and die
 * with this process; `scaleOut/` has the queue shared by several processes.
 */
export interface Worker extends JobQueue {
  /** Jobs waiting for a slot. */
  queued(): number;
}

export interface WorkerOptions extends ExportRunnerOptions {
  /** Jobs running at once; the others wait in `queued`. */
  concurrency: number;
}

export function createWorker(opts: WorkerOptions): Worker {
  const runner = createExportRunner(opts);
  const waiting: string[] = [];
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let closed = false;

  function pump(): void {
    while (!closed && running.size < opts.concurrency && waiting.length > 0) {
      const id = waiting.shift();
      if (id === undefined) break;
      const controller = new AbortController();
      const done = runner
        .run(id, controller.signal)
        .catch((error: unknown) => opts.onError?.(error, id))
        .finally(() => {
          running.delete(id);
          pump();
        });
      running.set(id, { controller, done });
    }
  }

  return {
    async enqueue(id) {
      if (closed) return;
      waiting.push(id);
      pump();
    },
    async cancel(id) {
      const i = waiting.indexOf(id);
      if (i >= 0) waiting.splice(i, 1);
      const active = running.get(id);
      if (active) {
        active.controller.abort();
        await active.done;
      }
    },
    queued: () => waiting.length,
    async close() {
      closed = true;
      waiting.length = 0;
      const all = [...running.values()];
      for (const r of all) r.controller.abort();
      await Promise.all(all.map((r) => r.done));
    },
  };
}
