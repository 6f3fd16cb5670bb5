/**
 * tabs: server status requests per second for ONE running job while 1, 2
 * or 4 tabs of the app are open, then the downloads of that job once it
 * completes. Tabs are stores (ours) or hooks (baseline) in one process,
 * over one shared synchronous storage (localStorage is shared by the tabs
 * of an origin) and one memory server; polling every 2 s (the default of
 * both), 60 s of simulated time on @sinonjs/fake-timers.
 *
 * Tab 1 starts the export; tabs 2..N open afterwards and find it in
 * storage (ours: rehydrate + monitor; baseline: `restore()`). Ours runs
 * with its cross-tab coordination: downloads (Web Locks + ledger) and
 * watching (one tab holds the job's monitor lock and polls for all, the
 * others follow over a BroadcastChannel). The in-memory lock manager of our
 * test kit stands in for `navigator.locks`, Node's BroadcastChannel for the
 * browser's. The baseline polls in every tab.
 */
import { createExportsStore } from '../../store/createExportsStore';
import type { ExportsStoreBundle, ExportsAppStore } from '../../store/createExportsStore';
import { startExport } from '../../features/exports/engine/startExport';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import { createMemoryLocks } from '../../features/exports/testSupport/memoryLocks';
import { createTabCoordinator } from '../../features/exports/tabs/createTabCoordinator';
import { BaselineExportHook } from '../baseline/exportHook';
import { withFakeClock } from '../lib/clock';
import { createCountingStorage } from '../lib/storage';
import type { RowResult } from './common';

const TAB_COUNTS = [1, 2, 4] as const;
const WINDOW_S = 60;

interface TabFigures {
  rps: number;
  downloads: number;
}

async function ours(tabs: number): Promise<TabFigures> {
  return withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const storage = createCountingStorage();
    const locks = createMemoryLocks();
    const coordinators: Array<ReturnType<typeof createTabCoordinator>> = [];
    const open = async (): Promise<ExportsStoreBundle<ExportsAppStore>> => {
      const tabCoordinator = createTabCoordinator({ locks, storage, key: `bench-tabs-${tabs}`, channel: (name) => new BroadcastChannel(name) });
      coordinators.push(tabCoordinator);
      const bundle = createExportsStore({
        transport,
        storage,
        devChecks: false,
        devTools: false,
        tabs: tabCoordinator,
      });
      await bundle.ready;
      return bundle;
    };
    const first = await open();
    const started = await first.store.dispatch(startExport({ scope: 'project-1', label: 'Annotations' }));
    if (!startExport.fulfilled.match(started)) throw new Error('bench: startExport failed');
    const id = started.payload.id;
    transport.server.progress(id, 10, 'collecting');
    await first.persistor?.flush();
    const all = [first];
    for (let i = 1; i < tabs; i++) all.push(await open());
    const before = transport.calls.count('getStatus', id);
    await clock.tickAsync(WINDOW_S * 1_000);
    const rps = (transport.calls.count('getStatus', id) - before) / WINDOW_S;
    transport.server.complete(id, { fileName: 'annotations.zip' });
    await clock.tickAsync(10_000);
    const downloads = transport.downloads.count(id);
    for (const bundle of all) await bundle.dispose();
    for (const coordinator of coordinators) coordinator.close?.();
    return { rps, downloads };
  });
}

async function baseline(tabs: number): Promise<TabFigures> {
  return withFakeClock(async (clock) => {
    const transport = createMemoryTransport();
    const storage = createCountingStorage();
    const first = new BaselineExportHook({ transport, storage, projectId: 'project-1' });
    const job = await first.start('project-1');
    transport.server.progress(job.id, 10, 'collecting');
    await clock.tickAsync(0);
    const all = [first];
    for (let i = 1; i < tabs; i++) {
      const hook = new BaselineExportHook({ transport, storage, projectId: 'project-1' });
      hook.restore();
      all.push(hook);
    }
    const before = transport.calls.count('getStatus', job.id);
    await clock.tickAsync(WINDOW_S * 1_000);
    const rps = (transport.calls.count('getStatus', job.id) - before) / WINDOW_S;
    transport.server.complete(job.id, { fileName: 'annotations.zip' });
    await clock.tickAsync(10_000);
    const downloads = transport.downloads.count(job.id);
    for (const hook of all) hook.unmount();
    return { rps, downloads };
  });
}

export async function runTabs(): Promise<RowResult> {
  const o: TabFigures[] = [];
  const b: TabFigures[] = [];
  for (const n of TAB_COUNTS) {
    o.push(await ours(n));
    b.push(await baseline(n));
  }
  const rps = (figures: TabFigures[]) => figures.map((f) => f.rps.toFixed(2)).join(' / ');
  const dl = (figures: TabFigures[]) => figures.map((f) => f.downloads).join(' / ');
  const last = TAB_COUNTS.length - 1;
  return {
    row: `tabs (${TAB_COUNTS.join(' / ')} tabs)`,
    ours: `${rps(o)} req/s; downloads ${dl(o)}`,
    baseline: `${rps(b)} req/s; downloads ${dl(b)}`,
    ratio: `${TAB_COUNTS[last]} tabs: ${((o[last]?.rps ?? Number.NaN) / (b[last]?.rps ?? Number.NaN)).toFixed(2)}x req/s`,
    goal: 'flat req/s, 1 download',
    met: o.every((f) => Math.abs(f.rps - (o[0]?.rps ?? 0)) <= 0.05 * (o[0]?.rps ?? 0) + 0.02 && f.downloads === 1) ? 'yes' : 'no',
    note:
      `tabs: status requests per second for one running job over ${WINDOW_S} s of simulated time with ${TAB_COUNTS.join(', ')} tabs (polling every 2 s), then downloads of that job after it completes. ` +
      'Ours coordinates across tabs: one tab holds the job\'s monitor lock and polls for all (the others follow over a BroadcastChannel), and one tab owns the automatic download (Web Locks + ledger). The baseline polls and downloads in every tab.',
  };
}
