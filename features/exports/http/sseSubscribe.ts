/**
 * Follows one job over SSE (docs/design.md#transport). Connections
 * (`sseStream.ts`) are made on the shared loop (`timing/backoffLoop.ts`): a
 * reconnect waits `reconnectDelayMs`, backs off up to `maxReconnectDelayMs`
 * after failures, never sooner than `Retry-After`, and not while the page is
 * hidden. Events are de-duplicated by id, a reconnect sends `Last-Event-ID`,
 * and at most one terminal event is reported; 404 and 410 are reported as
 * `expired`. After `maxSseFailures` failed connections in a row (none
 * delivered an event) it gives up.
 *
 * The promise resolves once it gives up (the engine then polls `getStatus`),
 * after the terminal event, or when `signal` aborts. It never rejects.
 */
import { isTerminalStatus } from '../model/jobStatus';
import type { SseMessage } from './sseParser';
import type { JobEvent, JobSnapshot, JobStatus } from '../model/types';
import type { RequestContext } from './request';
import { attempt } from '../shapes/jsonShape';
import { readEventData } from './answers';
import { backoffLoop } from '../timing/backoffLoop';
import { readEventStream } from './sseStream';

export interface SubscribeOptions {
  ctx: RequestContext;
  /** The wait between connections, and the base of the backoff. */
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  /** Failed connections in a row before giving up (the engine polls then). */
  maxSseFailures: number;
  /** A stream with no byte (heartbeats included) for this long is reconnected. */
  sseIdleTimeoutMs: number;
}

/** Event ids remembered for de-duplication; the oldest are forgotten first. */
const MAX_SEEN_IDS = 1000;
const EVENT_TYPES: ReadonlySet<string> = new Set(['progress', 'completed', 'failed', 'cancelled', 'expired']);

/** The event type a status stands for. */
export function eventTypeFor(status: JobStatus): JobEvent['type'] {
  return isTerminalStatus(status) ? status : 'progress';
}

/**
 * True when `candidate` is an older event id than `current`: both integers
 * and `candidate` the smaller. Ids that are not numbers are never older.
 * `Last-Event-ID` is not moved back to an older id.
 */
export function isOlderEventId(current: string, candidate: string): boolean {
  const a = Number(current);
  const b = Number(candidate);
  return Number.isInteger(a) && Number.isInteger(b) && b < a;
}

/** What one subscription knows across its connections. */
interface Subscription {
  id: string;
  done: boolean;
  lastJob?: JobSnapshot;
  lastEventId?: string;
  seen: Set<string>;
  /** Reports `event` unless the subscription is done; a terminal event makes it done. */
  emit(event: JobEvent): void;
}

function createSubscription(id: string, onEvent: (e: JobEvent) => void, signal: AbortSignal): Subscription {
  const sub: Subscription = {
    id,
    done: false,
    seen: new Set(),
    emit(event) {
      if (sub.done || signal.aborted) return;
      if (event.type !== 'progress') sub.done = true;
      sub.lastJob = event.job;
      try {
        onEvent(event);
      } catch {
        // A throwing listener must not end the subscription.
      }
    },
  };
  return sub;
}

/** Follows `id` until the terminal event, `maxSseFailures` failed connections in a row, or `signal`. */
export async function subscribeJob(opts: SubscribeOptions, id: string, onEvent: (e: JobEvent) => void, signal: AbortSignal): Promise<void> {
  const sub = createSubscription(id, onEvent, signal);
  const loop = { signal, intervalMs: opts.reconnectDelayMs, maxIntervalMs: opts.maxReconnectDelayMs, immediate: true };
  let failures = 0;
  await backoffLoop(loop, async () => {
    let received = false;
    const end = await readEventStream(opts.ctx, {
      path: `/api/exports/${encodeURIComponent(id)}/events`,
      ...(sub.lastEventId !== undefined ? { lastEventId: sub.lastEventId } : {}),
      idleTimeoutMs: opts.sseIdleTimeoutMs,
      signal,
      onMessage: (message) => {
        if (takeMessage(sub, message)) received = true;
      },
      isDone: () => sub.done,
    });
    if (end.kind === 'gone') reportGone(sub);
    failures = received ? 0 : failures + 1;
    const retryAfterMs = end.kind === 'ended' ? end.retryAfterMs : undefined;
    return { ok: received, done: sub.done || failures >= opts.maxSseFailures, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }).catch(() => undefined);
}

/** Reports one SSE message unless it is a replay or not about the job. True when reported. */
function takeMessage(sub: Subscription, message: SseMessage): boolean {
  const eventId = message.id ? message.id : undefined;
  if (eventId !== undefined) {
    if (sub.seen.has(eventId)) return false;
    sub.seen.add(eventId);
    if (sub.seen.size > MAX_SEEN_IDS) sub.seen.delete(sub.seen.values().next().value ?? eventId);
    if (sub.lastEventId === undefined || !isOlderEventId(sub.lastEventId, eventId)) sub.lastEventId = eventId;
  }
  const data = attempt((value) => readEventData(value, sub.id), parseJson(message.data));
  if (!data || sub.done) return false;
  const named = message.event ?? data.type;
  const type = named !== undefined && EVENT_TYPES.has(named) ? (named as JobEvent['type']) : eventTypeFor(data.job.status);
  sub.emit(eventId !== undefined ? { type, job: data.job, eventId } : { type, job: data.job });
  return true;
}

/** 404/410: the server has forgotten the job. Reported as `expired`, terminal. */
function reportGone(sub: Subscription): void {
  const base: JobSnapshot = sub.lastJob ?? { id: sub.id, scope: null, status: 'pending', progress: 0 };
  sub.emit({ type: 'expired', job: { ...base, status: 'expired' } });
}

/** `text` as JSON, or `undefined` when it is not JSON (not ours: ignored). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
