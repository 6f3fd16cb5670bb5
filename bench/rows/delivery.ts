/**
 * delivery: how long after the server finishes a job the user's file is
 * (a) handed to the browser (the link clicked: today's `downloadHandedOver`,
 * what "done" meant before receipts) and (b) confirmed by the server's
 * delivery receipt (`done`, `confirmed: true`: what "Downloaded" means now,
 * docs/design.md#delivery). The reference server on 127.0.0.1 with SSE, the
 * HTTP transport in link mode, and a "browser" that fetches the handed-over
 * link to its last byte (Node's fetch). 30 exports, 5 at a time, bounded.
 */
import { createExportServer } from '../../src/server/createExportServer';
import { createHttpTransport } from '../../src/http';
import { createExportsStore } from '../../src/store';
import { startExport } from '../../src/index';
import { fmtMs, percentile } from '../lib/stats';
import type { RowResult } from './common';

const EXPORTS = 30;
const IN_FLIGHT = 5;
const MAX_MS = 60_000;

export async function runDelivery(): Promise<RowResult> {
  const server = createExportServer({ stageDelayMs: 20, maxActivePerClient: Number.MAX_SAFE_INTEGER, concurrency: 8 });
  const { url } = await server.listen(0);
  const browser = async (link: string): Promise<void> => {
    const response = await fetch(link);
    await response.arrayBuffer(); // every byte, as a browser's download would
  };
  const transport = createHttpTransport({ baseUrl: url, openUrl: (link) => void browser(link).catch(() => undefined) });
  const { store, dispose } = createExportsStore({ transport, storage: false, tabs: false, devTools: false });
  const completedAt = new Map<string, number>();
  const handedOver: number[] = [];
  const confirmed: number[] = [];
  const seen = new Set<string>();
  const unsubscribe = store.subscribe(() => {
    const { jobs, downloadedJobIds } = store.getState().exports;
    const now = performance.now();
    for (const id of jobs.ids) {
      if (jobs.entities[id]?.status === 'completed' && !completedAt.has(id)) completedAt.set(id, now);
      const record = downloadedJobIds[id];
      const done = completedAt.get(id);
      if (done === undefined || !record) continue;
      if (record.handover === 'handedOver' && !seen.has(`h${id}`)) (seen.add(`h${id}`), handedOver.push(now - done));
      if (record.status === 'done' && record.confirmed && !seen.has(`c${id}`)) (seen.add(`c${id}`), confirmed.push(now - done));
    }
  });
  const deadline = performance.now() + MAX_MS;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < EXPORTS && performance.now() < deadline) {
      started += 1;
      const result = await store.dispatch(startExport({ scope: 'bench', params: { size: 64_000 } }));
      if (!startExport.fulfilled.match(result)) continue;
      const { id } = result.payload;
      while (performance.now() < deadline && store.getState().exports.downloadedJobIds[id]?.status !== 'done') await new Promise((r) => setTimeout(r, 5));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  unsubscribe();
  await dispose();
  await server.close();
  const stat = (xs: number[]) => `median ${fmtMs(percentile(xs, 0.5))}, p99 ${fmtMs(percentile(xs, 0.99))}`;
  return {
    row: 'delivery (link mode)',
    ours: `confirmed ${stat(confirmed)}`,
    baseline: `handed over ${stat(handedOver)}`,
    ratio: `${(percentile(confirmed, 0.5) / percentile(handedOver, 0.5)).toFixed(1)}x (median)`,
    goal: `${EXPORTS} confirmed, print it`,
    met: confirmed.length === EXPORTS ? 'yes' : 'no',
    note:
      `delivery: ${EXPORTS} exports (64 KB, 5 at a time) on the reference server at 127.0.0.1 with SSE; createHttpTransport in link mode, a "browser" that fetches each link to its last byte. ` +
      `ours = server completion (the job's completed status in state) to the receipt's confirmation (record done, confirmed: ${confirmed.length}/${EXPORTS}); ` +
      `baseline column = completion to the handover (the link clicked: what "done" meant before receipts, ${handedOver.length}/${EXPORTS}). Receipts asked at the default deliveryPollIntervalMs (500 ms): the confirmation lags the last byte by up to one interval.`,
  };
}
