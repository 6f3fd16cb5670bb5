import * as v from 'valibot';
import { parseJobSnapshot } from '../../../features/exports/shapes/parseJobSnapshot';
import type { JobSnapshot } from '../../../features/exports/model/types';

/** How a check says what is wrong: the message is what `verify-server` prints after FAIL. */
export class CheckFailure extends Error {}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** A job as the client reads it: the same reader the HTTP transport uses. */
export const JobSnapshotSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    try {
      return parseJobSnapshot(dataset.value);
    } catch (error) {
      addIssue({ message: error instanceof Error ? error.message : String(error) });
      return NEVER;
    }
  }),
);
export const JobBody = v.object({ job: JobSnapshotSchema });
export const ErrorBody = v.object({ error: v.object({ code: v.string(), message: v.pipe(v.string(), v.minLength(1)) }) });
export const LinkBody = v.object({ url: v.string(), expiresAt: v.optional(v.nullable(v.number())), deliveryId: v.optional(v.string()) });
/** The optional download receipts of a job answer (a backend may not report them). */
export const DeliveriesBody = v.object({
  job: v.object({
    deliveries: v.optional(
      v.array(
        v.object({
          id: v.string(),
          status: v.picklist(['requested', 'completed', 'aborted']),
          requestedAt: v.number(),
          settledAt: v.optional(v.number()),
          bytesSent: v.optional(v.number()),
        }),
      ),
    ),
  }),
});
export const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);

export function jobOf(json: unknown, what: string): JobSnapshot {
  const parsed = v.safeParse(JobBody, json);
  expect(parsed.success, `${what}: the body is not {job} (${parsed.issues?.[0]?.message ?? ''})`);
  return parsed.output.job;
}

export function expectError(res: { status: number; json: unknown }, statuses: number[], what: string): void {
  expect(statuses.includes(res.status), `${what}: expected ${statuses.join(' or ')}, got ${res.status}`);
  expect(v.safeParse(ErrorBody, res.json).success, `${what}: the body is not {error:{code,message}}`);
}

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export function checkTerminalOnce(events: SseEvent[], expected: string): void {
  const terminals = events.filter((e) => e.event !== undefined && TERMINAL.has(e.event));
  const distinct = new Set(terminals.map((e) => e.id));
  expect(distinct.size === 1, `expected exactly one terminal event, got ${distinct.size}`);
  expect(terminals[0]?.event === expected, `expected the terminal event "${expected}", got "${terminals[0]?.event}"`);
  expect(events[events.length - 1]?.event === expected, 'the terminal event is not the last one');
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
