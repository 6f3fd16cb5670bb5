/**
 * Pruning while the app runs (invariant 8): over the cap, checked on every
 * finished job in O(1); for the ttl at most once a minute, since this runs
 * on hot paths. The rules themselves are `model/pruning.ts`, the same ones
 * applied on rehydrate.
 */
import { jobsPruned } from '../model/exportsSlice';
import { selectPrunableJobIds } from '../model/pruning';
import type { ResolvedExportsOptions } from './options';
import type { ExportsStoreApi } from './storeApi';

const TTL_SWEEP_EVERY_MS = 60_000;

/** Prunes `store` when due (`force`: now). */
export type Pruner = (store: ExportsStoreApi, force?: boolean) => void;

export function createPruner(options: Pick<ResolvedExportsOptions, 'maxJobs' | 'ttlMs' | 'now'>): Pruner {
  let lastTtlSweep = Number.NEGATIVE_INFINITY;
  return (store, force = false) => {
    const state = store.getState().exports;
    const now = options.now();
    const overCap = state.jobs.ids.length > options.maxJobs;
    const ttlDue = now - lastTtlSweep >= TTL_SWEEP_EVERY_MS;
    if (!force && !overCap && !ttlDue) return;
    if (force || ttlDue) lastTtlSweep = now;
    // Over the cap, prune a tenth below it, so a full list is not pruned on every new job.
    const keep = overCap ? Math.floor(options.maxJobs * 0.9) : options.maxJobs;
    const ids = selectPrunableJobIds(state, now, options.ttlMs, keep);
    if (ids.length > 0) store.dispatch(jobsPruned({ ids }));
  };
}
