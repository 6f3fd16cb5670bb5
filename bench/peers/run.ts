/**
 * `npm run bench:peers` (also run by `npm run bench`): the same export page
 * written three ways, measured in one run in real Chromium against the
 * reference server: this library (bench/peers/pages/ours), RTK Query
 * (pages/rtkq) and TanStack Query v5 (pages/tanstack), each as its docs
 * recommend. Prints the table (table.ts) and its notes; `npm run bench`
 * runs it after its rows and writes it to bench/results.md with them.
 *
 * Three servers, all on 127.0.0.1, all serving the three pages, one per
 * figure (config.ts): jobs long enough to open 4 tabs and count their
 * requests (TABS_STAGE_MS per stage), to reload mid-job for the latency
 * (LATENCY_STAGE_MS), and short ones for the reloads at completion
 * (FAST_STAGE_MS). Every page gets the same server for the same figure.
 * Pages are interleaved run by run, so a noisy moment of the shared machine
 * hits all three alike. Bounded: about 3 minutes.
 */
import { cpus } from 'node:os';
import { buildPages } from './buildPages';
import { FAST_STAGE_MS, LATENCY_OFFSETS_MS, LATENCY_STAGE_MS, PEERS, RELOAD_RUNS, TAB_COUNTS, TABS_STAGE_MS } from './config';
import { launchBrowser } from './browser';
import { measureBundles } from './bundle';
import type { BundleFigures, PeerName } from './bundle';
import { runLatency, runReload, runTabs } from './scenarios';
import type { ReloadRun, TabsRun } from './scenarios';
import { startPeerServer } from './server';
import { peerSection } from './table';

export interface PeerResults {
  bundles: BundleFigures;
  tabs: Record<PeerName, TabsRun[]>;
  reloads: Record<PeerName, ReloadRun[]>;
  latencyMs: Record<PeerName, number[]>;
  /** Page errors seen in any run, per page. */
  errors: Record<PeerName, string[]>;
  seconds: number;
}

const perPeer = <T>(make: () => T): Record<PeerName, T> => ({ ours: make(), rtkq: make(), tanstack: make() });
const log = (text: string) => process.stderr.write(text);
const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(0)} s`;

export async function runPeerBench(): Promise<PeerResults> {
  const started = Date.now();
  log(' [bundles');
  const bundles = await measureBundles();
  log(` ${since(started)}, pages`);
  await buildPages(PEERS);
  const slow = await startPeerServer(TABS_STAGE_MS);
  const medium = await startPeerServer(LATENCY_STAGE_MS);
  const fast = await startPeerServer(FAST_STAGE_MS);
  const browser = await launchBrowser();
  const tabs = perPeer<TabsRun[]>(() => []);
  const reloads = perPeer<ReloadRun[]>(() => []);
  const latencyMs = perPeer<number[]>(() => []);
  const errors = perPeer<string[]>(() => []);
  try {
    for (const count of TAB_COUNTS) {
      log(` ${since(started)}, ${count} tab${count === 1 ? '' : 's'}`);
      for (const peer of PEERS) {
        const run = await runTabs(browser, slow, `${slow.url}/${peer}/`, count);
        tabs[peer].push(run);
        errors[peer].push(...run.errors);
      }
    }
    log(` ${since(started)}, latency`);
    for (const offsetMs of LATENCY_OFFSETS_MS) {
      for (const peer of PEERS) {
        // A run whose file is never requested is a miss, counted in the table, not the end of the bench.
        try {
          latencyMs[peer].push(await runLatency(browser, medium, `${medium.url}/${peer}/`, offsetMs));
        } catch (error) {
          latencyMs[peer].push(Number.NaN);
          errors[peer].push(`latency run at ${offsetMs} ms: ${(error as Error).message}`);
        }
      }
    }
    for (const moment of ['completion', 'handover'] as const) {
      log(` ${since(started)}, reload at ${moment}`);
      for (let i = 0; i < RELOAD_RUNS[moment]; i++) {
        for (const peer of PEERS) {
          const run = await runReload(browser, fast, `${fast.url}/${peer}/`, moment);
          reloads[peer].push(run);
          errors[peer].push(...run.errors);
        }
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await slow.close().catch(() => undefined);
    await medium.close().catch(() => undefined);
    await fast.close().catch(() => undefined);
  }
  log(` ${since(started)}]`);
  return { bundles, tabs, reloads, latencyMs, errors, seconds: (Date.now() - started) / 1000 };
}

if (require.main === module) {
  runPeerBench()
    .then((results) => {
      const cpu = cpus();
      console.log([peerSection(results), '', `Node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${process.platform}.`].join('\n'));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
