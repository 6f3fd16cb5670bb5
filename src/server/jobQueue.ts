/**
 * THE SEAM between the API and whatever runs the exports.
 *
 * The API enqueues a job after it is stored as `pending`, and asks for a
 * cancel after it recorded the `cancelled` state (so the cancel is reported
 * once, by the route, whoever runs the job). The default is the in-process
 * worker (`worker.ts`); `scaleOut/bullQueue.ts` hands jobs to BullMQ
 * workers that run as their own processes (docs/design.md, "Scaling out").
 */
export interface JobQueue {
  /** Hands job `id` (stored, `pending`) to a worker. Enqueuing the same id twice runs it once. */
  enqueue(id: string): Promise<void>;
  /**
   * Stops job `id` where it runs (or will run) and has its partial output removed. The
   * in-process queue resolves once the output is gone; a shared queue once the request
   * is on its way to the worker that holds the job.
   */
  cancel(id: string): Promise<void>;
  /**
   * Releases the queue. The in-process queue aborts its running jobs (they die with the
   * process); a shared queue only disconnects: its jobs belong to the workers.
   */
  close(): Promise<void>;
}
