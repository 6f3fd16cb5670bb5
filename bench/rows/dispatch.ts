/**
 * dispatch overhead: 100,000 `jobProgressed` (100 running jobs, round
 * robin, each with a later `at`, so every one changes the state) through
 *   ours: the full store of `createExportsStore` (listener middleware with
 *         every listener, redux-persist over a synchronous in-memory
 *         storage, auto-batching), devChecks off, DevTools off;
 *   bare: `configureStore` with the same slice reducer, RTK's default
 *         middleware with devChecks off (thunk only), same auto-batching.
 * Timed by tinybench, one dispatch per iteration: 5 rounds of 20,000
 * iterations per store (2,000 warm-up each), interleaved with the order
 * swapped every round. ops/s = iterations / summed sample time.
 *
 * The monitors use the transport's push channel, so no poll runs during
 * the measurement. redux-persist's throttled write (once a second) runs
 * on a timer between tinybench's batches, not inside an iteration: its
 * cost is the storage-writes row.
 */
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { Bench } from 'tinybench';
import { createExportsStore } from '../../store/createExportsStore';
import { exportsReducer, jobAdded, jobProgressed } from '../../features/exports/model/exportsSlice';
import { createMemoryTransport } from '../../features/exports/testkit/createMemoryTransport';
import { createCountingStorage } from '../lib/storage';
import { fmtInt } from '../lib/stats';
import type { RowResult } from './common';

const JOBS = 100;
export const DISPATCHES = 100_000;
const WARMUP = 10_000;
const ROUNDS = 5;

export async function runDispatchOverhead(): Promise<RowResult & { oursHz: number; bareHz: number }> {
  const transport = createMemoryTransport({ push: true });
  const full = createExportsStore({ transport, storage: createCountingStorage(), devChecks: false, devTools: false });
  await full.ready;
  const bare = configureStore({
    reducer: combineReducers({ exports: exportsReducer }),
    middleware: (getDefault) => getDefault({ immutableCheck: false, serializableCheck: false }),
    devTools: false,
  });
  const signal = new AbortController().signal;
  const ids: string[] = [];
  const t0 = Date.now();
  for (let i = 0; i < JOBS; i++) {
    const snapshot = await transport.start({ scope: `project-${i % 10}` }, signal);
    ids.push(snapshot.id);
    const add = { ...snapshot, status: 'running' as const, label: `Export ${i}`, at: t0 };
    full.store.dispatch(jobAdded(add));
    bare.dispatch(jobAdded(add));
  }
  await full.persistor?.flush();

  const tick = (store: { dispatch: (action: ReturnType<typeof jobProgressed>) => unknown }) => {
    let k = 0;
    return () => {
      const n = k++;
      store.dispatch(jobProgressed({ id: ids[n % JOBS] as string, progress: Math.min(99, Math.floor(n / 1_000)), stage: 'packing', at: t0 + 1 + n }));
    };
  };
  // Interleaved rounds, the order swapped each round, so both stores meet the
  // same machine noise (other processes, GC of the other store's garbage).
  const bareTick = tick(bare);
  const fullTick = tick(full.store);
  const totals = { full: { runs: 0, ms: 0 }, bare: { runs: 0, ms: 0 } };
  const roundRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ iterations: DISPATCHES / ROUNDS, time: 0, warmupIterations: WARMUP / ROUNDS, warmupTime: 0 });
    if (round % 2 === 0) bench.add('bare', bareTick).add('full', fullTick);
    else bench.add('full', fullTick).add('bare', bareTick);
    await bench.run();
    const hz: Record<string, number> = {};
    for (const name of ['full', 'bare'] as const) {
      const task = bench.getTask(name);
      const result = task?.result;
      if (!task || !result || !('totalTime' in result)) throw new Error(`bench: ${name} did not complete (${result?.state})`);
      totals[name].runs += task.runs;
      totals[name].ms += result.totalTime;
      hz[name] = (task.runs / result.totalTime) * 1_000;
    }
    roundRatios.push((hz.full ?? 0) / (hz.bare ?? 1));
  }
  const oursHz = (totals.full.runs / totals.full.ms) * 1_000;
  const bareHz = (totals.bare.runs / totals.bare.ms) * 1_000;
  await full.dispose();
  const ratio = oursHz / bareHz;
  return {
    row: 'dispatch overhead',
    ours: `${fmtInt(oursHz)} ops/s`,
    baseline: `${fmtInt(bareHz)} ops/s (bare RTK store)`,
    ratio: `${ratio.toFixed(2)}x`,
    goal: 'ratio >= 0.8',
    met: ratio >= 0.8 ? 'yes' : 'no',
    oursHz,
    bareHz,
    note:
      `dispatch overhead: ${fmtInt(DISPATCHES)} jobProgressed per store (tinybench, 1 dispatch per iteration, ${ROUNDS} interleaved rounds of ${fmtInt(DISPATCHES / ROUNDS)} after ${fmtInt(WARMUP / ROUNDS)} warm-up each), ${JOBS} running jobs; ` +
      'ours = createExportsStore (all listeners, redux-persist over a synchronous memory storage, devChecks off) vs configureStore with the same reducer and devChecks off. ratio = ours ops/s / bare ops/s over all rounds ' +
      `(per round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}).`,
  };
}
