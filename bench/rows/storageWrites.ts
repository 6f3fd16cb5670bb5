/**
 * storage writes: 10 jobs, each reporting progress 100 times a second for
 * 60 s of simulated time (60,000 events in all), then all 10 complete and
 * are downloaded; 5 s more for the tail. Simulated with
 * @sinonjs/fake-timers: redux-persist's throttle is a setInterval, the
 * baseline's 1 s timer a setTimeout, both on the fake clock; promises run
 * for real between timers (`tickAsync`).
 *
 * Ours: `jobProgressed` / `jobCompleted` into `createExportsStore` with the
 * default throttle (1,000 ms) over a synchronous localStorage-like
 * storage. Baseline: one hook per project (the app's hook is per project),
 * `receive(snapshot)` for the same events; it writes JSON of its whole
 * state on every change. Counted from after the 10 jobs were added:
 * setItem + removeItem calls, and UTF-8 bytes given to setItem.
 */
import { createExportsStore } from '../../store/createExportsStore';
import { jobCompleted, jobProgressed } from '../../features/exports/model/exportsSlice';
import { startExport } from '../../features/exports/engine/startExport';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import { BaselineExportHook } from '../baseline/exportHook';
import { withFakeClock } from '../lib/clock';
import { createCountingStorage } from '../lib/storage';
import { fmtBytes, fmtInt, fmtRatio } from '../lib/stats';
import type { RowResult } from './common';
import { must } from './common';

const JOBS = 10;
const EVENTS_PER_SECOND = 100;
const SECONDS = 60;
const TAIL_MS = 5_000;
const THROTTLE_MS = 1_000;
const STEP_MS = 1_000 / EVENTS_PER_SECOND;

interface Figures {
  writes: number;
  bytes: number;
  claims: number;
  downloads: number;
}

const progressAt = (step: number): number => Math.min(99, Math.floor((step * 100) / (SECONDS * EVENTS_PER_SECOND)));

async function ours(): Promise<Figures> {
  return withFakeClock(async (clock) => {
    const transport = createMemoryTransport({ push: true });
    const storage = createCountingStorage();
    const bundle = createExportsStore({ transport, storage, persistThrottleMs: THROTTLE_MS, devTools: false });
    await bundle.ready;
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const started = await bundle.store.dispatch(startExport({ scope: `project-${i}`, label: `Export ${i}` }));
      if (!startExport.fulfilled.match(started)) throw new Error('bench: startExport failed');
      ids.push(started.payload.id);
    }
    await clock.tickAsync(2 * THROTTLE_MS);
    storage.resetCounters();
    for (let step = 0; step < SECONDS * EVENTS_PER_SECOND; step++) {
      for (const id of ids) bundle.store.dispatch(jobProgressed({ id, progress: progressAt(step), stage: 'packing' }));
      await clock.tickAsync(STEP_MS);
    }
    for (const id of ids) {
      transport.server.complete(id, { fileName: `${id}.zip` });
      const snapshot = must(transport.server.snapshot(id), 'snapshot');
      bundle.store.dispatch(jobCompleted({ id, fileName: snapshot.fileName, size: snapshot.size }));
    }
    await clock.tickAsync(TAIL_MS);
    const claims = Object.keys(bundle.store.getState().exports.downloadedJobIds).length;
    const figures = { writes: storage.writes(), bytes: storage.bytesWritten(), claims, downloads: transport.downloads.count() };
    await bundle.dispose();
    return figures;
  });
}

async function baseline(): Promise<Figures> {
  return withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const storage = createCountingStorage();
    const signal = new AbortController().signal;
    const hooks: Array<{ hook: BaselineExportHook; id: string }> = [];
    for (let i = 0; i < JOBS; i++) {
      const hook = new BaselineExportHook({ transport, storage, projectId: `project-${i}` });
      const job = await transport.start({ scope: `project-${i}` }, signal);
      hook.track({ ...job, label: `Export ${i}` });
      hooks.push({ hook, id: job.id });
    }
    await clock.tickAsync(2 * THROTTLE_MS);
    storage.resetCounters();
    for (let step = 0; step < SECONDS * EVENTS_PER_SECOND; step++) {
      for (const { hook, id } of hooks) {
        const job = must(hook.getState().currentJob, 'current job');
        hook.receive({ ...job, id, status: 'running', progress: progressAt(step), stage: 'packing', updatedAt: Date.now() });
      }
      await clock.tickAsync(STEP_MS);
    }
    for (const { hook, id } of hooks) {
      transport.server.complete(id, { fileName: `${id}.zip` });
      hook.receive({ ...must(transport.server.snapshot(id), 'snapshot'), label: hook.getState().currentJob?.label });
    }
    await clock.tickAsync(TAIL_MS);
    for (const { hook } of hooks) hook.unmount();
    return { writes: storage.writes(), bytes: storage.bytesWritten(), claims: JOBS, downloads: transport.downloads.count() };
  });
}

export async function runStorageWrites(): Promise<RowResult> {
  const o = await ours();
  const b = await baseline();
  const simulatedMs = SECONDS * 1_000 + TAIL_MS;
  const windows = Math.ceil(simulatedMs / THROTTLE_MS);
  const budget = windows + o.claims;
  return {
    row: 'storage writes',
    ours: `${fmtInt(o.writes)} writes, ${fmtBytes(o.bytes)}`,
    baseline: `${fmtInt(b.writes)} writes, ${fmtBytes(b.bytes)}`,
    ratio: `${fmtRatio(o.writes, b.writes)} writes, ${fmtRatio(o.bytes, b.bytes)} bytes`,
    goal: `<= ${windows} windows + ${o.claims} claims = ${budget} writes`,
    met: o.writes <= budget ? 'yes' : 'no',
    note:
      `storage writes: ${JOBS} jobs x ${EVENTS_PER_SECOND} progress events/s x ${SECONDS} s (${fmtInt(JOBS * EVENTS_PER_SECOND * SECONDS)} events), then ${JOBS} completions and downloads, ${TAIL_MS / 1_000} s tail; ` +
      `simulated with @sinonjs/fake-timers (redux-persist's throttle interval and the baseline's timers on the fake clock). Throttle ${THROTTLE_MS} ms; ${simulatedMs / 1_000} s simulated = ${windows} windows. ` +
      `Downloads: ours ${o.downloads}, baseline ${b.downloads}. Writes = setItem + removeItem calls; bytes = UTF-8 of setItem values.`,
  };
}
