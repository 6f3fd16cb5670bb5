/**
 * The delivery receipts of `createMemoryTransport({ receipts: true })`: each
 * download hands over a link that names a delivery, and what the "browser"
 * then does with it is scripted (`server.nextDeliveries`): fetch it all
 * (`completed`, the default), be cut off (`aborted`), never fetch it
 * (`lost`), or keep fetching until `server.settleDelivery` (`requested`).
 * Only completed deliveries count as files that arrived.
 */
import type { DeliveryReceipt, DeliveryStatus } from '../model/types';

/** What the simulated browser does with the next handed-over link. */
export type DeliveryFate = 'completed' | 'aborted' | 'lost' | 'requested';

export interface DeliveryDesk {
  /** The id of a new delivery (its link is about to be handed over). */
  newId(): string;
  /** The link of delivery `id` of `jobId` went to the browser: its scripted fate applies. */
  handOver(jobId: string, id: string): void;
  /** The receipt of one delivery, `null` while it was never fetched. */
  receipt(jobId: string, deliveryId: string): DeliveryReceipt | null;
  script(fate: DeliveryFate, times: number): void;
  settle(deliveryId: string, status: Exclude<DeliveryStatus, 'requested'>): void;
  /** The browser resumes a cut delivery on the same link (a `Range` request): `aborted` is `requested` again. */
  resume(deliveryId: string): void;
  list(jobId?: string): Array<DeliveryReceipt & { jobId: string }>;
}

export function createDeliveryDesk(onArrived: (jobId: string) => void): DeliveryDesk {
  const fates: DeliveryFate[] = [];
  const deliveries: Array<DeliveryReceipt & { jobId: string }> = [];
  let next = 1;
  const settle = (entry: DeliveryReceipt & { jobId: string }, status: Exclude<DeliveryStatus, 'requested'>): void => {
    if (entry.status !== 'requested') return;
    entry.status = status;
    if (status === 'completed') onArrived(entry.jobId);
  };
  return {
    newId: () => `delivery-${next++}`,
    handOver(jobId, id) {
      const fate = fates.shift() ?? 'completed';
      if (fate === 'lost') return;
      const entry = { id, jobId, status: 'requested' as DeliveryStatus };
      deliveries.push(entry);
      if (fate !== 'requested') settle(entry, fate);
    },
    receipt(jobId, deliveryId) {
      const entry = deliveries.find((d) => d.id === deliveryId && d.jobId === jobId);
      return entry ? { id: entry.id, status: entry.status } : null;
    },
    script(fate, times) {
      for (let i = 0; i < times; i++) fates.push(fate);
    },
    settle(deliveryId, status) {
      const entry = deliveries.find((d) => d.id === deliveryId);
      if (entry) settle(entry, status);
    },
    resume(deliveryId) {
      const entry = deliveries.find((d) => d.id === deliveryId);
      if (entry?.status === 'aborted') entry.status = 'requested';
    },
    list: (jobId) => deliveries.filter((d) => jobId === undefined || d.jobId === jobId).map((d) => ({ ...d })),
  };
}
