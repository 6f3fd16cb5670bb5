import type { StoredDelivery } from './types';

/** Receipts kept per job; the oldest go first. */
export const MAX_DELIVERIES_PER_JOB = 10;

export type DeliveryChange =
  | { status: 'requested' }
  | { status: 'completed' | 'aborted'; bytesSent: number; attempt: number };

/**
 * The job's receipts after one change of one delivery, newest last.
 *
 * A request (a new link, or a retry of one already seen) moves the delivery
 * to the end as `requested` with the next attempt number. A settlement
 * applies only to the delivery's latest attempt while it is `requested`: a
 * late `close` of an older, overlapping request, or of a delivery already
 * dropped from the list, changes nothing (`undefined`).
 */
export function applyDelivery(current: readonly StoredDelivery[], id: string, change: DeliveryChange, at: number): StoredDelivery[] | undefined {
  const existing = current.find((d) => d.id === id);
  if (change.status === 'requested') {
    const rest = current.filter((d) => d.id !== id);
    const next: StoredDelivery = { id, status: 'requested', requestedAt: at, attempt: (existing?.attempt ?? 0) + 1 };
    return [...rest, next].slice(-MAX_DELIVERIES_PER_JOB);
  }
  if (!existing || existing.status !== 'requested' || existing.attempt !== change.attempt) return undefined;
  return current.map((d) => (d.id === id ? { ...d, status: change.status, settledAt: at, bytesSent: change.bytesSent } : d));
}
