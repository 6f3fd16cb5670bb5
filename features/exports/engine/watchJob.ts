/**
 * Watches one job until it ends: through the transport's push channel when
 * it has one, then (or else) by polling `getStatus` on the shared backoff
 * loop (`timing/backoffLoop.ts`: Retry-After, capped backoff with jitter,
 * paused while the page is hidden). One monitor per job, however often the
 * job is added. 404 and 410 end the job as `expired` (docs/failure-modes.md
 * row 8). Across tabs one tab watches and the others follow what it
 * publishes (docs/design.md#tabs).
 */
import { jobExpired } from '../model/exportsSlice';
import { isTerminalStatus } from '../model/jobStatus';
import type { JobSnapshot } from '../model/types';
import { backoffLoop } from '../timing/backoffLoop';
import { whenAborted } from '../timing/delay';
import { applySnapshot, isGone, retryAfterOf } from './applySnapshot';
import type { EngineContext } from './engineContext';
import { jobRef } from './jobRef';
import type { ExportsStoreApi } from './storeApi';

/** True while the job is known and the server is still working on it. */
function stillRunning(store: ExportsStoreApi, jobId: string): boolean {
  const job = store.getState().exports.jobs.entities[jobId];
  return job !== undefined && !isTerminalStatus(job.status);
}

/** What one watch needs: the engine, the store, the job, its signal, and who else to tell. */
interface Watch {
  ctx: EngineContext;
  store: ExportsStoreApi;
  jobId: string;
  signal: AbortSignal;
  /** Hears every snapshot this tab applies (the other tabs follow through it). */
  publish: (snapshot: JobSnapshot) => void;
}

/**
 * Starts the monitor of `jobId` unless one runs, or a cancel request is out
 * (the cancel restarts it with `afterCancel` if the job is still going).
 * `immediate` asks for a status at once (after a reload); otherwise the
 * first poll waits an interval.
 */
export function startMonitor(
  ctx: EngineContext,
  store: ExportsStoreApi,
  jobId: string,
  { immediate = false, afterCancel = false }: { immediate?: boolean; afterCancel?: boolean } = {},
): void {
  if (!stillRunning(store, jobId) || (!afterCancel && ctx.tasks.has('cancel', jobId))) return;
  ctx.tasks.run('monitor', jobId, async (signal) => {
    const quiet = (): void => undefined;
    const lead = ctx.options.tabs?.lead;
    if (!lead) return watch({ ctx, store, jobId, signal, publish: quiet }, immediate);
    // One tab watches for all: the others apply what it publishes, and take over if it closes.
    await lead(
      jobId,
      signal,
      (leading, publish) => watch({ ctx, store, jobId, signal: leading, publish }, immediate),
      (snapshot) => learn({ ctx, store, jobId, signal, publish: quiet }, snapshot),
    );
  });
}

/** Applies and passes on one snapshot; ends the monitor once the job has ended. */
function learn(w: Watch, snapshot: JobSnapshot): void {
  if (w.signal.aborted) return;
  applySnapshot(w.ctx, w.store, w.jobId, snapshot);
  w.publish(snapshot);
  if (!stillRunning(w.store, w.jobId)) w.ctx.tasks.abort('monitor', w.jobId, 'finished');
}

/** Push while the transport pushes, then poll for whatever is left. */
async function watch(w: Watch, immediate: boolean): Promise<void> {
  const { subscribe } = w.ctx.options.transport;
  if (subscribe && stillRunning(w.store, w.jobId)) {
    try {
      const pushing = subscribe.call(w.ctx.options.transport, w.jobId, (event) => learn(w, event.job), w.signal);
      // Nothing returned: push until aborted. A promise: the channel is done when it settles.
      await Promise.race([pushing ?? new Promise<void>(() => undefined), whenAborted(w.signal)]);
    } catch (error) {
      w.ctx.report(error, { phase: 'monitor', jobId: w.jobId });
    }
  }
  if (w.signal.aborted || !stillRunning(w.store, w.jobId)) return;
  await poll(w, immediate);
}

/** Polls `getStatus` on the shared loop until the job ends. */
function poll(w: Watch, immediate: boolean): Promise<void> {
  const { ctx, store, jobId, signal } = w;
  const { transport, pollIntervalMs, pollMaxIntervalMs, random, now } = ctx.options;
  const loop = { signal, intervalMs: pollIntervalMs, maxIntervalMs: pollMaxIntervalMs, random, immediate };
  return backoffLoop(loop, async () => {
    if (!stillRunning(store, jobId)) return { ok: true, done: true };
    try {
      const snapshot = await transport.getStatus(jobId, signal, jobRef(store, jobId));
      if (!signal.aborted) learn(w, snapshot);
      const hint = typeof snapshot.retryAfterMs === 'number' ? Math.min(snapshot.retryAfterMs, pollMaxIntervalMs) : undefined;
      return { ok: true, done: !stillRunning(store, jobId), ...(hint !== undefined ? { retryAfterMs: hint } : {}) };
    } catch (error) {
      if (signal.aborted) return { ok: false, done: true };
      if (!isGone(error)) {
        ctx.report(error, { phase: 'monitor', jobId });
        return { ok: false, retryAfterMs: retryAfterOf(error) };
      }
      store.dispatch(jobExpired({ id: jobId, at: now() }));
      const job = store.getState().exports.jobs.entities[jobId];
      if (job) w.publish({ ...job, status: 'expired' });
      return { ok: false, done: true };
    }
  });
}
