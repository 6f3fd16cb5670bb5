import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';
import { HttpStatusError } from '../errors';
import type { JobEvent, JobSnapshot, JobStatus } from '../model/types';
import type { RequestContext } from './request';
import { apiUrl, resolveHeaders } from './request';
import { parseRetryAfter } from './retryAfter';
import { attempt } from '../shapes/jsonShape';
import { readEventData } from './answers';
import { delay, linkSignal } from './signals';

export interface SubscribeOptions {
  ctx: RequestContext;
  getStatus(id: string, signal: AbortSignal): Promise<JobSnapshot>;
  /** First reconnect delay; doubles (with jitter) up to `maxReconnectDelayMs`. */
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  /** Consecutive SSE failures before falling back to polling. */
  maxSseFailures: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** An SSE stream with no byte (heartbeats included) for this long is treated as dead. */
  sseIdleTimeoutMs: number;
}

const TERMINAL_TYPES: ReadonlySet<JobEvent['type']> = new Set(['completed', 'failed', 'cancelled', 'expired']);
const EVENT_TYPES: ReadonlySet<string> = new Set(['progress', 'completed', 'failed', 'cancelled', 'expired']);

/** The event type a snapshot stands for. */
export function eventTypeFor(status: JobStatus): JobEvent['type'] {
  return status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'expired' ? status : 'progress';
}

/**
 * Follows one job: SSE first (fetch + eventsource-parser, so auth headers
 * work), reconnecting with `Last-Event-ID`; events are de-duplicated by id;
 * after `maxSseFailures` failed connections in a row it polls `getStatus`
 * instead (paused while the page is hidden, backing off on errors and
 * honouring Retry-After). It reports at most one terminal event, then stops;
 * it stops too when `signal` aborts. 404 and 410 are reported as
 * `expired` (the contract: the server has forgotten the job), terminal,
 * never polled forever.
 */
export function subscribeJob(opts: SubscribeOptions, id: string, onEvent: (e: JobEvent) => void, signal: AbortSignal): void {
  let done = false;
  let lastJob: JobSnapshot | undefined;
  let lastEventId: string | undefined;
  const seen = new Set<string>();

  const emit = (event: JobEvent): void => {
    if (done || signal.aborted) return;
    if (TERMINAL_TYPES.has(event.type)) done = true;
    lastJob = event.job;
    try {
      onEvent(event);
    } catch {
      // A throwing listener must not end the subscription.
    }
  };

  const gone = (): void => {
    const base: JobSnapshot = lastJob ?? { id, scope: null, status: 'pending', progress: 0 };
    emit({ type: 'expired', job: { ...base, status: 'expired' } });
  };

  type Outcome = { kind: 'terminal' | 'received' | 'failed'; retryAfterMs?: number };

  const connectOnce = async (): Promise<Outcome> => {
    const linked = linkSignal(signal, opts.ctx.timeoutMs);
    let received = false;
    try {
      const headers = await resolveHeaders(opts.ctx.headers);
      headers.Accept = 'text/event-stream';
      headers['Cache-Control'] = 'no-cache';
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      const response = await opts.ctx.fetch(apiUrl(opts.ctx.baseUrl, `/api/exports/${encodeURIComponent(id)}/events`), {
        headers,
        signal: linked.signal,
      });
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel().catch(() => undefined);
        gone();
        return { kind: 'terminal' };
      }
      const type = response.headers.get('Content-Type') ?? '';
      if (!response.ok || !type.includes('text/event-stream') || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        return retryAfterMs === undefined ? { kind: 'failed' } : { kind: 'failed', retryAfterMs };
      }
      const parser = createParser({
        onEvent(message: EventSourceMessage) {
          if (message.id !== undefined && message.id !== '') {
            if (seen.has(message.id)) return;
            seen.add(message.id);
            if (seen.size > 1000) {
              const oldest = seen.values().next().value;
              if (oldest !== undefined) seen.delete(oldest);
            }
            if (lastEventId === undefined || !isNewerId(lastEventId, message.id)) lastEventId = message.id;
          }
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            return; // not ours: ignored
          }
          const parsed = attempt((value) => readEventData(value, id), data);
          if (!parsed) return;
          const job = parsed.job;
          if (job.id !== id) return;
          const named = message.event ?? parsed.type;
          const type = named && EVENT_TYPES.has(named) ? (named as JobEvent['type']) : eventTypeFor(job.status);
          received = true;
          emit(message.id ? { type, job, eventId: message.id } : { type, job });
        },
      });
      linked.touch(opts.sseIdleTimeoutMs);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        while (!done) {
          const { done: end, value } = await reader.read();
          if (end) break;
          linked.touch();
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } finally {
        if (done) await reader.cancel().catch(() => undefined);
      }
      return { kind: done ? 'terminal' : received ? 'received' : 'failed' };
    } catch {
      return { kind: done ? 'terminal' : received ? 'received' : 'failed' };
    } finally {
      linked.dispose();
    }
  };

  const waitVisible = async (): Promise<void> => {
    const doc = (globalThis as { document?: Document }).document;
    if (!doc || !doc.hidden) return;
    await new Promise<void>((resolve) => {
      const finish = () => {
        doc.removeEventListener('visibilitychange', onChange);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const onChange = () => {
        if (!doc.hidden) finish();
      };
      doc.addEventListener('visibilitychange', onChange);
      signal.addEventListener('abort', finish, { once: true });
    });
  };

  const poll = async (): Promise<void> => {
    let interval = opts.pollIntervalMs;
    let lastKey = '';
    while (!done && !signal.aborted) {
      await waitVisible();
      if (signal.aborted) return;
      let wait: number;
      try {
        const job = await opts.getStatus(id, signal);
        interval = opts.pollIntervalMs;
        wait = interval;
        const key = JSON.stringify([job.status, job.progress, job.stage, job.message, job.updatedAt]);
        if (key !== lastKey) {
          lastKey = key;
          emit({ type: eventTypeFor(job.status), job });
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof HttpStatusError && (error.status === 404 || error.status === 410)) {
          gone();
          return;
        }
        interval = Math.min(opts.maxPollIntervalMs, interval * 2);
        const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
        wait = Math.min(opts.maxPollIntervalMs, Math.max(interval, retryAfter ?? 0));
      }
      if (done) return;
      await delay(wait, signal).catch(() => undefined);
    }
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    let backoff = opts.reconnectDelayMs;
    while (!done && !signal.aborted && failures < opts.maxSseFailures) {
      const outcome = await connectOnce();
      if (done || signal.aborted) return;
      if (outcome.kind === 'received') {
        failures = 0;
        backoff = opts.reconnectDelayMs;
      } else {
        failures++;
        if (failures >= opts.maxSseFailures) break;
      }
      const jitter = 0.5 + Math.random() / 2;
      const wait = Math.max(outcome.retryAfterMs ?? 0, Math.round(backoff * jitter));
      if (outcome.kind !== 'received') backoff = Math.min(opts.maxReconnectDelayMs, backoff * 2);
      await delay(wait, signal).catch(() => undefined);
    }
    await poll();
  };

  void run().catch(() => undefined);
}

/** True when `candidate` is an older numeric id than `current` (ids are compared as numbers when both are). */
function isNewerId(current: string, candidate: string): boolean {
  const a = Number(current);
  const b = Number(candidate);
  if (Number.isInteger(a) && Number.isInteger(b)) return a > b;
  return false;
}
