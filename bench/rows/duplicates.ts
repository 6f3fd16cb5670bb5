/**
 * duplicates: downloads of ONE finished job while it receives 1,000
 * duplicate completions (push + poll, as parsed JSON: a new object each
 * time) interleaved with 1,000 re-renders, one pair every 10 ms of
 * simulated time (10 s in all).
 *
 * Ours: a duplicate completion is `jobCompleted`; a "re-render" is what a
 * remounting component could do, re-adding the job it knows (`jobAdded`
 * with the completed snapshot). Components only read state, so there is
 * nothing else a re-render can do. Baseline: `receive(snapshot)` +
 * `rerender()` on the hook.
 */
import { createExportsStore } from '../../store/createExportsStore';
import { jobAdded, jobCompleted } from '../../features/exports/model/exportsSlice';
import { startExport } from '../../features/exports/engine/startExport';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import { BaselineExportHook } from '../baseline/exportHook';
import { withFakeClock } from '../lib/clock';
import { createCountingStorage } from '../lib/storage';
import { fmtRatio } from '../lib/stats';
import type { RowResult } from './common';
import { must } from './common';

export const DUPLICATE_EVENTS = 1_000;
const SPACING_MS = 10;

export async function runDuplicates(): Promise<RowResult & { oursCount: number; baselineCount: number }> {
  const ours = await withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const bundle = createExportsStore({ transport, storage: createCountingStorage(), devTools: false });
    await bundle.ready;
    const started = await bundle.store.dispatch(startExport({ scope: 'project-1', label: 'Annotations' }));
    if (!startExport.fulfilled.match(started)) throw new Error('bench: startExport failed');
    const id = started.payload.id;
    transport.server.complete(id, { fileName: 'annotations.zip' });
    for (let i = 0; i < DUPLICATE_EVENTS; i++) {
      const snapshot = must(transport.server.snapshot(id), 'snapshot');
      bundle.store.dispatch(jobCompleted({ id, fileName: snapshot.fileName, size: snapshot.size, completedAt: snapshot.completedAt }));
      bundle.store.dispatch(jobAdded({ ...snapshot, autoDownload: true }));
      await clock.tickAsync(SPACING_MS);
    }
    await clock.tickAsync(5_000);
    await bundle.dispose();
    return transport.downloads.count(id);
  });

  const baseline = await withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const hook = new BaselineExportHook({ transport, storage: createCountingStorage(), projectId: 'project-1' });
    const job = await hook.start('project-1');
    transport.server.complete(job.id, { fileName: 'annotations.zip' });
    for (let i = 0; i < DUPLICATE_EVENTS; i++) {
      hook.receive(must(transport.server.snapshot(job.id), 'snapshot'));
      hook.rerender();
      await clock.tickAsync(SPACING_MS);
    }
    await clock.tickAsync(5_000);
    hook.unmount();
    return transport.downloads.count(job.id);
  });

  return {
    row: 'duplicates',
    ours: `${ours} download`,
    baseline: `${baseline} downloads`,
    ratio: fmtRatio(ours, baseline),
    goal: '1',
    met: ours === 1 ? 'yes' : 'no',
    oursCount: ours,
    baselineCount: baseline,
    note:
      `duplicates: ${DUPLICATE_EVENTS.toLocaleString('en-US')} duplicate completions + ${DUPLICATE_EVENTS.toLocaleString('en-US')} re-renders of one finished job, one pair every ${SPACING_MS} ms of simulated time, then 5 s more; ` +
      'counted: memory transport downloads of that job. The baseline downloads once per effect run that passed its guard before its 1 s timer first fired (docs/failure-modes.md row 1).',
  };
}
