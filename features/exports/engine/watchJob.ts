/**
 * Watches one job until it ends: through the transport's push channel when
 * it has one, by polling `getStatus` otherwise. One monitor per job, however
 * often the job is added (the runtime refuses a second). 404 and 410 end the
 * job as `expired`; other errors back off, capped.
 */
import { delay, whenAborted } from '../timing/delay';
import { HttpStatusError } from '../errors/HttpStatusError';
import { jobExpired } from '../model/exportsSlice';
import type { ExportsRuntime } from './taskRegistry';
import { isTerminalStatus } from '../model/jobStatus';
import { snapshotToAction } from '../shapes/snapshotToAction';
import type { ExportsStoreApi } from './storeApi';
import type { JobEvent, JobSnapshot } from '../model/types';

/** True while the job is known and the server is still working on it. */
function stillRunning(store: ExportsStoreApi, jobId: string): boolean {
  const job = store.getState().exports.jobs.entities[jobId];
  return job !== undefined && !isTerminalStatus(job.status);
}

/** Applies a server snapshot as the event it stands for. Bad snapshots are reported, not thrown. */
export function applySnapshot(runtime: ExportsRuntime, store: ExportsStoreApi, jobId: string, snapshot: JobSnapshot): void {
  try {
    store.dispatch(snapshotToAction(snapshot, jobId, runtime.options.now()));
  } catch (error) {
    runtime.report(error, { phase: 'monitor', jobId });
  }
}

/** True for the answers that mean the server has forgotten the job. */
export function isGone(error: unknown): boolean {
  return error instanceof HttpStatusError && (error.status === 404 || error.status === 410);
}

/**
 * Starts the monitor of `jobId` unless one runs, or a cancel request is out
 * (the cancel restarts it with `afterCancel` if the job is still going).
 * `immediate` asks for a status at once (after a reload); otherwise the
 * first poll waits an interval.
 */
export function startMonitor(
  runtime: ExportsRuntime,
  store: ExportsStoreApi,
  jobId: string,
  { immediate = false, afterCancel = false }: { immediate?: boolean; afterCancel?: boolean } = {},
): void {
  if (!stillRunning(store, jobId) || (!afterCancel && runtime.has('cancel', jobId))) return;
  runtime.run('monitor', jobId, async (signal) => {
    const tabs = runtime.options.tabs;
    const quiet = (): void => undefined;
    if (!tabs?.lead) return watch({ runtime, store, jobId, signal, publish: quiet }, immediate);
    // One tab watches for all: the others apply what it publishes, and take over if it closes.
    await tabs.lead(
      jobId,
      signal,
      (leading, publish) => watch({ runtime, store, jobId, signal: leading, publish }, immediate),
      (snapshot) => learn({ runtime, store, jobId, signal, publish: quiet }, snapshot),
    );
  });
}

/** What a watch needs: the runtime, the store, the job, its signal, and who else to tell. */
interface WatchContext {
  runtime: ExportsRuntime;
  store: ExportsStoreApi;
  jobId: string;
  signal: AbortSignal;
  /** Hears every snapshot this tab applies (the other tabs follow through it). */
  publish: (snapshot: JobSnapshot) => void;
}

/** Applies and passes on one snapshot; ends the monitor once the job has ended. */
function learn(ctx: WatchContext, snapshot: JobSnapshot): void {
  if (ctx.signal.aborted) return;
  applySnapshot(ctx.runtime, ctx.store, ctx.jobId, snapshot);
  ctx.publish(snapshot);
  if (!stillRunning(ctx.store, ctx.jobId)) ctx.runtime.abort('monitor', ctx.jobId, 'finished');
}

/** Watches one job by push or by polling until it ends. */
async function watch(ctx: WatchContext, immediate: boolean): Promise<void> {
  const { runtime, store, jobId, signal } = ctx;
  if (!stillRunning(store, jobId)) return;
  const { transport } = runtime.options;
  if (transport.subscribe) {
    const ended = whenAborted(signal);
    try {
      transport.subscribe(jobId, (event: JobEvent) => learn(ctx, event.job), signal);
      await ended;
      return;
    } catch (error) {
      runtime.report(error, { phase: 'monitor', jobId });
      if (signal.aborted) return;
    }
  }
  await poll(ctx, immediate);
}

async function poll(ctx: WatchContext, immediate: boolean): Promise<void> {
  const { runtime, store, jobId, signal, publish } = ctx;
  const { transport, pollIntervalMs, pollMaxIntervalMs, now } = runtime.options;
  let failures = 0;
  let wait = immediate ? 0 : pollIntervalMs;
  while (!signal.aborted && stillRunning(store, jobId)) {
    await delay(wait, signal);
    try {
      const snapshot = await transport.getStatus(jobId, signal);
      if (signal.aborted) return;
      failures = 0;
      learn(ctx, snapshot);
    } catch (error) {
      if (signal.aborted) return;
      if (isGone(error)) {
        store.dispatch(jobExpired({ id: jobId, at: now() }));
        const job = store.getState().exports.jobs.entities[jobId];
        if (job) publish({ ...job, status: 'expired' });
        return;
      }
      failures += 1;
      runtime.report(error, { phase: 'monitor', jobId });
    }
    wait = failures === 0 ? pollIntervalMs : Math.min(pollMaxIntervalMs, pollIntervalMs * 2 ** failures);
  }
}
