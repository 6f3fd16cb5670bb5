/**
 * Deliveries in the model-based harness (docs/design.md#delivery): with
 * receipts on, a handed-over link is not a file. What the simulated browser
 * does with each link is a command (`BrowserFate`: it fetches it all, is
 * cut off, never fetches it, or keeps fetching until `BrowserFinishes`),
 * and only completed deliveries count as files. The invariant: exactly one
 * completed delivery per automatic download that the row calls
 * "Downloaded", never more than one per job, and never more manual files
 * than accepted clicks.
 */
import fc from 'fast-check';
import type { DeliveryFate } from '../testkit/memoryDeliveries';
import type { EnvironmentEvent } from './environmentEvents';
import type { HarnessSystem } from './harnessSystem';
import { InvariantViolation } from './invariants';

export type Trigger = 'auto' | 'manual';

/** Completed deliveries per job, by the trigger of the claim whose link they were. */
export function completedFiles(sys: HarnessSystem): { auto: Map<string, number>; manual: Map<string, number> } {
  const files = { auto: new Map<string, number>(), manual: new Map<string, number>() };
  for (const delivery of sys.transport.server.deliveries()) {
    if (delivery.status !== 'completed') continue;
    const counts = files[sys.deliveryTriggers.get(delivery.id) ?? 'auto'];
    counts.set(delivery.jobId, (counts.get(delivery.jobId) ?? 0) + 1);
  }
  return files;
}

/** The browser ends every link it is still fetching (for the end of a run). */
export function finishAllDeliveries(sys: HarnessSystem, status: 'completed' | 'aborted' = 'completed'): void {
  for (const d of sys.transport.server.deliveries()) if (d.status === 'requested') sys.transport.server.settleDelivery(d.id, status);
}

export interface DeliveryTotals {
  downloadedWithOneFile: number;
  endedWithoutFile: number;
  fileButNotDownloaded: number;
}

/**
 * After settling, with receipts: every completed automatic job whose row
 * says "Downloaded" (`done`, confirmed) has exactly one completed automatic
 * delivery; none has two. Returns how the automatic jobs ended.
 */
export function checkDeliveriesSettled(sys: HarnessSystem, totals: DeliveryTotals): void {
  const files = completedFiles(sys).auto;
  const state = sys.page.store.getState().exports;
  for (const id of state.jobs.ids) {
    const job = state.jobs.entities[id];
    const record = state.downloadedJobIds[id];
    if (job?.status !== 'completed' || !job.autoDownload || record?.trigger !== 'auto') continue;
    const n = files.get(id) ?? 0;
    if (record.status === 'done' && record.confirmed && n !== 1) {
      throw new InvariantViolation(`delivery: job ${id} says "Downloaded" with ${n} completed automatic deliveries`);
    }
    if (record.status === 'done' && record.confirmed) totals.downloadedWithOneFile += 1;
    else if (n === 0) totals.endedWithoutFile += 1;
    else totals.fileButNotDownloaded += 1;
  }
}

const FATES: readonly DeliveryFate[] = ['completed', 'aborted', 'lost', 'requested'];

/** What the browser does with the next 1..2 links: fetch it all, be cut off, never fetch it, or keep fetching. */
export const browserFateArbitrary = fc.tuple(fc.constantFrom(...FATES), fc.integer({ min: 1, max: 2 })).map(
  ([fate, times]): EnvironmentEvent<HarnessSystem> => ({
    label: `Browser: the next ${times} link(s) ${fate}`,
    apply: (sys) => sys.transport.server.nextDeliveries(fate, times),
  }),
);

/** The browser ends the oldest link it is still fetching, or resumes the newest cut one on the same link (a Range request). */
export const browserEndsArbitrary = fc.constantFrom<'completed' | 'aborted' | 'resumed'>('completed', 'aborted', 'resumed').map(
  (end): EnvironmentEvent<HarnessSystem> => ({
    label: `Browser: a transfer ${end}`,
    apply: (sys) => {
      const all = sys.transport.server.deliveries();
      if (end === 'resumed') {
        const cut = all.filter((d) => d.status === 'aborted').pop();
        if (cut) sys.transport.server.resumeDelivery(cut.id);
        return;
      }
      const open = all.find((d) => d.status === 'requested');
      if (open) sys.transport.server.settleDelivery(open.id, end);
    },
  }),
);
