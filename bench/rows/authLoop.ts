/**
 * auth failure (docs/failure-modes.md row 2): the session has expired, so every
 * download of the finished job answers 401. Counted: download calls in
 * 60 s of simulated time after the job completes (found by polling, 2 s).
 * Ours: 401 is never retried automatically: the record goes `failed` and
 * shows "Download again". Baseline: the failure un-claims the job, the
 * state change re-runs the effect, its 1 s timer fires, 401 again...
 */
import { createExportsStore } from '../../store/createExportsStore';
import { startExport } from '../../features/exports/engine/startExport';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import { BaselineExportHook } from '../baseline/exportHook';
import { withFakeClock } from '../lib/clock';
import { createCountingStorage } from '../lib/storage';
import { fmtRatio } from '../lib/stats';
import type { RowResult } from './common';

const WINDOW_MS = 60_000;
const FAILURES = 1_000_000;

export async function runAuthLoop(): Promise<RowResult> {
  const ours = await withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    transport.server.failNext('download', 401, FAILURES);
    const bundle = createExportsStore({ transport, storage: createCountingStorage(), devChecks: false, devTools: false });
    await bundle.ready;
    const started = await bundle.store.dispatch(startExport({ scope: 'project-1' }));
    if (!startExport.fulfilled.match(started)) throw new Error('bench: startExport failed');
    transport.server.complete(started.payload.id);
    await clock.tickAsync(WINDOW_MS);
    const calls = transport.calls.count('download', started.payload.id);
    const status = bundle.store.getState().exports.downloadedJobIds[started.payload.id]?.status;
    await bundle.dispose();
    return { calls, status };
  });
  const baseline = await withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    transport.server.failNext('download', 401, FAILURES);
    const hook = new BaselineExportHook({ transport, storage: createCountingStorage(), projectId: 'project-1' });
    const job = await hook.start('project-1');
    transport.server.complete(job.id);
    await clock.tickAsync(WINDOW_MS);
    const calls = transport.calls.count('download', job.id);
    hook.unmount();
    return { calls };
  });
  return {
    row: 'auth failure (extra)',
    ours: `${ours.calls} download call (then '${ours.status}')`,
    baseline: `${baseline.calls} download calls`,
    ratio: fmtRatio(ours.calls, baseline.calls),
    goal: '1 (401 never retried automatically)',
    met: ours.calls === 1 ? 'yes' : 'no',
    note:
      `auth failure: every download answers 401; download calls in ${WINDOW_MS / 1_000} s of simulated time after the job completes (docs/failure-modes.md row 2). ` +
      'Not one of the issue\'s rows: added because it is the cost of the baseline\'s un-claim.',
  };
}
