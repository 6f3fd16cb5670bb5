/**
 * stored size: bytes kept in storage after 100,000 jobs have finished and
 * been downloaded (UTF-8, keys included), read after the last write.
 *
 * Ours: `createExportsStore` with the defaults (maxJobs 200, ttl 24 h),
 * jobs in batches of 100: start on the memory server, `jobAdded`,
 * complete, `jobCompleted`; the listeners claim, download, prune and write.
 * Baseline: 100 project hooks x 1,000 jobs each (track, complete, its 1 s
 * timer, download); it keeps one saved set of downloaded ids per project
 * (docs/failure-modes.md row 12) and clears its export state after each download.
 * Both on a fake clock (1 s per batch), ids from the memory transport
 * (`job-123456`: a UUID would make each baseline entry ~3x bigger).
 */
import { createExportsStore } from '../../store/createExportsStore';
import { jobAdded, jobCompleted } from '../../features/exports/model/exportsSlice';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import { DEFAULTS } from '../../features/exports/engine/options';
import { BaselineExportHook } from '../baseline/exportHook';
import { withFakeClock } from '../lib/clock';
import { createCountingStorage } from '../lib/storage';
import type { CountingStorage } from '../lib/storage';
import { fmtBytes, fmtInt, fmtRatio } from '../lib/stats';
import type { RowResult } from './common';
import { must } from './common';

export const FINISHED_JOBS = 100_000;
const BATCH = 100;
const PROJECTS = 100;
const CHECKPOINTS = [1_000, 10_000, 100_000];

/** How many jobs a stored value of ours holds (it is redux-persist's JSON of JSON). */
function storedJobCount(storage: CountingStorage): number {
  let count = 0;
  for (const value of storage.data.values()) {
    const outer = JSON.parse(value) as { jobs?: string };
    if (typeof outer.jobs === 'string') count += (JSON.parse(outer.jobs) as { ids: unknown[] }).ids.length;
  }
  return count;
}

export async function ours(): Promise<{ bytes: number; jobs: number; at: Record<number, number>; downloads: number }> {
  return withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const storage = createCountingStorage();
    const bundle = createExportsStore({ transport, storage, devChecks: false, devTools: false });
    await bundle.ready;
    const signal = new AbortController().signal;
    const at: Record<number, number> = {};
    for (let done = 0; done < FINISHED_JOBS; done += BATCH) {
      const snapshots = await Promise.all(
        Array.from({ length: BATCH }, (_, i) => transport.start({ scope: `project-${(done + i) % PROJECTS}` }, signal)),
      );
      for (const snapshot of snapshots) bundle.store.dispatch(jobAdded({ ...snapshot, label: `Export ${snapshot.id}` }));
      for (const snapshot of snapshots) {
        transport.server.complete(snapshot.id, { fileName: `${snapshot.id}.zip` });
        const done = must(transport.server.snapshot(snapshot.id), 'snapshot');
        bundle.store.dispatch(jobCompleted({ id: done.id, fileName: done.fileName, size: done.size, completedAt: done.completedAt }));
      }
      await clock.tickAsync(1_000);
      if (CHECKPOINTS.includes(done + BATCH)) at[done + BATCH] = storage.storedBytes();
    }
    await bundle.dispose();
    return { bytes: storage.storedBytes(), jobs: storedJobCount(storage), at, downloads: transport.downloads.count() };
  });
}

export async function baseline(): Promise<{ bytes: number; at: Record<number, number>; downloads: number }> {
  return withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const storage = createCountingStorage();
    const signal = new AbortController().signal;
    const hooks = Array.from({ length: PROJECTS }, (_, i) => new BaselineExportHook({ transport, storage, projectId: `project-${i}` }));
    const at: Record<number, number> = {};
    for (let done = 0; done < FINISHED_JOBS; done += PROJECTS) {
      const snapshots = await Promise.all(hooks.map((_, i) => transport.start({ scope: `project-${i}` }, signal)));
      hooks.forEach((hook, i) => hook.track({ ...must(snapshots[i], 'snapshot'), label: `Export ${snapshots[i]?.id}` }));
      await clock.tickAsync(0);
      hooks.forEach((hook, i) => {
        const id = must(snapshots[i], 'snapshot').id;
        transport.server.complete(id, { fileName: `${id}.zip` });
        hook.receive({ ...must(transport.server.snapshot(id), 'snapshot'), label: `Export ${id}` });
      });
      await clock.tickAsync(1_000);
      await clock.tickAsync(100);
      if (CHECKPOINTS.includes(done + PROJECTS)) at[done + PROJECTS] = storage.storedBytes();
    }
    for (const hook of hooks) hook.unmount();
    return { bytes: storage.storedBytes(), at, downloads: transport.downloads.count() };
  });
}

export async function runStoredSize(): Promise<RowResult> {
  const o = await ours();
  const b = await baseline();
  const maxJobs = DEFAULTS.maxJobs;
  const growth = (at: Record<number, number>) => CHECKPOINTS.map((n) => `${fmtInt(n)}: ${fmtBytes(at[n] ?? Number.NaN)}`).join(', ');
  return {
    row: 'stored size',
    ours: `${fmtBytes(o.bytes)} (${o.jobs} jobs kept)`,
    baseline: `${fmtBytes(b.bytes)} (${fmtInt(FINISHED_JOBS)} ids kept)`,
    ratio: fmtRatio(o.bytes, b.bytes),
    goal: `bounded: <= maxJobs (${maxJobs}) jobs kept`,
    met: o.jobs <= maxJobs && o.downloads === FINISHED_JOBS ? 'yes' : 'no',
    note:
      `stored size: ${fmtInt(FINISHED_JOBS)} jobs started, completed and downloaded (ours in batches of ${BATCH}; baseline ${PROJECTS} project hooks x ${fmtInt(FINISHED_JOBS / PROJECTS)} jobs), bytes stored (UTF-8, keys included) after the last write. ` +
      `After N jobs: ours ${growth(o.at)}; baseline ${growth(b.at)}. Downloads: ours ${fmtInt(o.downloads)}, baseline ${fmtInt(b.downloads)}.`,
  };
}
