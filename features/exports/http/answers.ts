/**
 * The envelopes of the HTTP API's answers (docs/design.md#http-api). Only
 * the envelope is checked here: a job inside it is passed on as it came,
 * because the engine checks every job snapshot once, at its edge
 * (`shapes/parseJobSnapshot.ts`, docs/design.md#transport). A broken
 * envelope throws a `ShapeError`; `requestJson` turns it into an
 * `InvalidResponseError`.
 */
import { copyOptional, own, readChoice, readList, readNumber, readObject, readText, ShapeError } from '../shapes/jsonShape';
import type { JsonObject } from '../shapes/jsonShape';
import type { DeliveryReceipt, JobSnapshot } from '../model/types';

/** `value.job`, an object. */
const jobObject = (value: unknown): JsonObject => readObject(own(readObject(value), 'job'), 'job');

/** `{ job }`: the answer to start, status and cancel. The job is typed as a snapshot but unchecked: the engine checks it. */
export const readJobAnswer = (value: unknown): { job: JobSnapshot } => ({ job: jobObject(value) as JobSnapshot });

export interface LinkAnswer {
  url: string;
  expiresAt?: number;
  /** The delivery the link names (receipts on the job answer say what became of it). */
  deliveryId?: string;
}

/** The server keeps at most this many deliveries per job (docs/design.md#http-api). */
const MAX_DELIVERIES = 50;

/** `job.deliveries` of a job answer: the receipts of its last deliveries, newest last (none when the server keeps none). */
export function readDeliveriesAnswer(value: unknown): DeliveryReceipt[] {
  const list = own(jobObject(value), 'deliveries');
  if (list == null) return [];
  return readList(list, 'job.deliveries', MAX_DELIVERIES, 'cut', (item, where) => {
    const raw = readObject(item, where);
    return {
      id: readText(own(raw, 'id'), `${where}.id`, 200),
      status: readChoice(own(raw, 'status'), `${where}.status`, ['requested', 'completed', 'aborted'] as const),
    };
  });
}

/** `{ url, expiresAt? }`: a signed download link. */
export function readLinkAnswer(value: unknown): LinkAnswer {
  const raw = readObject(value);
  const link: LinkAnswer = { url: readText(own(raw, 'url'), 'url', Infinity) };
  if (link.url === '') throw new ShapeError('url');
  copyOptional(link, raw, 'expiresAt', '', readNumber);
  copyOptional(link, raw, 'deliveryId', '', (item, where) => readText(item, where, 200));
  return link;
}

/** `{ error: { code?, message } }`: the message of an error answer. */
export const readErrorMessage = (value: unknown): string =>
  readText(own(readObject(own(readObject(value), 'error'), 'error'), 'message'), 'error.message', Infinity);

/** The `data:` of an SSE event about `jobId`: `{ type?, job }` with `job.id === jobId`; `type` is kept when it is a string. */
export function readEventData(value: unknown, jobId: string): { type?: string; job: JobSnapshot } {
  const job = jobObject(value);
  if (own(job, 'id') !== jobId) throw new ShapeError('job.id');
  const type = own(readObject(value), 'type');
  return typeof type === 'string' ? { type, job: job as JobSnapshot } : { job: job as JobSnapshot };
}
