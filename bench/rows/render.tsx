/**
 * render isolation (run in its own process by run.ts: it installs jsdom
 * globals). 100 jobs on screen; one progress tick of one job at a time;
 * counted: rows that re-rendered (React.Profiler around each row; a
 * Profiler reports a commit when anything inside it rendered).
 *
 * Ours: `ExportProgressPanel` from `src/react.ts` over `createExportsStore`
 * (react-redux Provider), ticks are `jobProgressed`. Baseline:
 * `BaselinePanel` (context + memo'd rows reading the context), ticks are
 * the context's `receive(snapshot)`. Each tick is awaited inside `act`
 * until the store's batched notification has been rendered.
 * Prints one JSON line: { ours, baseline, ticks, ... } or { missing }.
 */
import { root } from '../lib/jsdomGlobals';
import { Profiler, act, createElement, memo } from 'react';
import type { ComponentType, ProfilerOnRenderCallback, ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { createExportsStore } from '../../store/createExportsStore';
import { jobAdded, jobProgressed } from '../../features/exports/model/exportsSlice';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import type { JobSnapshot } from '../../features/exports/model/types';
import { BaselineExportProvider, BaselinePanel, BaselineRow, createBaselineExportsSource } from '../baseline/BaselinePanel';
import type { BaselineRowProps } from '../baseline/BaselinePanel';
import type * as ReactEntry from '../../src/react';

const JOBS = 100;
const TICKS = 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A memo'd row wrapper that records which rows committed a render. */
function counted<P extends { id: string }>(Inner: ComponentType<P>, rendered: Set<string>): ComponentType<P> {
  const onRender: ProfilerOnRenderCallback = (id) => void rendered.add(id);
  const Counted = (props: P): ReactElement => createElement(Profiler, { id: props.id, onRender }, createElement(Inner, props));
  return memo(Counted) as unknown as ComponentType<P>;
}

async function measure(mount: () => ReactElement, tick: (i: number) => void, rendered: Set<string>, waitMs: number): Promise<{ perTick: number; max: number; min: number }> {
  const container = root.appendChild(root.ownerDocument.createElement('div'));
  const reactRoot = createRoot(container);
  await act(async () => {
    reactRoot.render(mount());
    await sleep(waitMs);
  });
  const rowsOnScreen = container.querySelectorAll('li[data-job-id]').length;
  if (rowsOnScreen !== JOBS) throw new Error(`bench: ${rowsOnScreen} rows on screen, expected ${JOBS}`);
  const counts: number[] = [];
  for (let i = 0; i < TICKS; i++) {
    rendered.clear();
    await act(async () => {
      tick(i);
      await sleep(waitMs);
    });
    counts.push(rendered.size);
  }
  await act(async () => reactRoot.unmount());
  container.remove();
  return { perTick: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts), min: Math.min(...counts) };
}

async function main(): Promise<void> {
  let reactEntry: typeof ReactEntry;
  try {
    reactEntry = await import('../../src/react');
    if (typeof reactEntry.ExportProgressPanel !== 'function' && typeof reactEntry.ExportProgressPanel !== 'object') throw new Error('no ExportProgressPanel');
  } catch (error) {
    console.log(JSON.stringify({ missing: String(error) }));
    return;
  }
  const { ExportProgressPanel, ExportJobRow } = reactEntry;
  const t0 = Date.now();
  const snapshots: JobSnapshot[] = Array.from({ length: JOBS }, (_, i) => ({
    id: `job-${i + 1}`,
    scope: 'project-1',
    label: `Export ${i + 1}`,
    status: 'running',
    progress: 0,
    stage: 'packing',
    createdAt: t0 + i,
    updatedAt: t0 + i,
  }));
  const progressOf = (i: number) => 1 + Math.floor(i / JOBS);

  // ours
  const bundle = createExportsStore({ transport: createMemoryTransport({ push: true }), storage: false, devChecks: false, devTools: false });
  await bundle.ready;
  for (const snapshot of snapshots) bundle.store.dispatch(jobAdded({ ...snapshot, at: t0 }));
  const oursRendered = new Set<string>();
  const OursRow = counted(ExportJobRow, oursRendered);
  const ours = await measure(
    () => createElement(Provider, { store: bundle.store, children: createElement(ExportProgressPanel, { rowComponent: OursRow }) }),
    (i) => void bundle.store.dispatch(jobProgressed({ id: `job-${(i % JOBS) + 1}`, progress: progressOf(i) })),
    oursRendered,
    25, // RTK batches progress notifications (a 10 ms timer without requestAnimationFrame)
  );
  await bundle.dispose();

  // baseline
  const source = createBaselineExportsSource(snapshots);
  const baseRendered = new Set<string>();
  const BaseRow = counted<BaselineRowProps>(BaselineRow, baseRendered);
  const baseline = await measure(
    () => createElement(BaselineExportProvider, { source, children: createElement(BaselinePanel, { rowComponent: BaseRow }) }),
    (i) => {
      const id = `job-${(i % JOBS) + 1}`;
      const job = source.get().jobs[id];
      if (job) source.receive({ ...job, progress: progressOf(i) });
    },
    baseRendered,
    1,
  );
  console.log(JSON.stringify({ ours, baseline, ticks: TICKS, jobs: JOBS }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
