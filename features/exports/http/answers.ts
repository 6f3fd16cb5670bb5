/**
 * What the HTTP API answers, read with the same readers as every other
 * job that enters the state. A body that does not match throws a
 * `ShapeError` naming the field; `requestJson` turns it into an
 * `InvalidResponseError`, never a crash deeper in the app. Unknown fields
 * are dropped; `null` reads as absent for optional fields.
 */
import { readJobFields } from '../shapes/jobShape';
import { copyOptional, own, readNumber, readObject, readText, ShapeError } from '../shapes/jsonShape';
import type { JsonObject } from '../shapes/jsonShape';
import type { JobSnapshot } from '../model/types';

const job = (raw: JsonObject): JobSnapshot => readJobFields(readObject(own(raw, 'job'), 'job'), 'job', 'cut');

/** `{ job }`: the answer to start, status and cancel. */
export const readJobAnswer = (value: unknown): { job: JobSnapshot } => ({ job: job(readObject(value)) });

export interface LinkAnswer {
  url: string;
  expiresAt?: number;
}

/** `{ url, expiresAt? }`: a signed download link. */
export function readLinkAnswer(value: unknown): LinkAnswer {
  const raw = readObject(value);
  const link: LinkAnswer = { url: readText(own(raw, 'url'), 'url', Infinity) };
  if (link.url === '') throw new ShapeError('url');
  copyOptional(link, raw, 'expiresAt', '', readNumber);
  return link;
}

/** `{ error: { code?, message } }`: the message of an error answer. */
export const readErrorMessage = (value: unknown): string =>
  readText(own(readObject(own(readObject(value), 'error'), 'error'), 'message'), 'error.message', Infinity);

/** The `data:` of an SSE event: `{ type?, job }`. */
export function readEventData(value: unknown): { type?: string; job: JobSnapshot } {
  const raw = readObject(value);
  const data: { type?: string; job: JobSnapshot } = { job: job(raw) };
  copyOptional(data, raw, 'type', '', (type, where) => readText(type, where, Infinity));
  return data;
}
