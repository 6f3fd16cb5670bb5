import type { FastifyReply } from 'fastify';
import type { Faults } from './faults';
import type { JobStore } from './jobStore';
import type { ServerJob, StoredEvent } from './types';
import { TERMINAL_STATUSES } from './types';

/**
 * One job's Server-Sent Events stream.
 *
 *     id: 7
 *     event: progress            (progress | completed | failed | cancelled)
 *     data: {"type":"progress","job":{...}}
 *
 * Event ids grow by one per job. A client reconnecting with `Last-Event-ID`
 * gets only the events after it; runs of progress events are coalesced to
 * the latest (each one carries the full job), terminal events are never
 * dropped. The stream ends right after the terminal event. Comments
 * (`: hb`) are sent every `heartbeatMs` so proxies and clients can tell an
 * idle stream from a dead one.
 */
export interface SseOptions {
  store: JobStore;
  faults: Faults;
  heartbeatMs: number;
  /** `retry:` sent to the client, in ms. */
  retryMs: number;
  /** Streams still open; the server ends them on shutdown. */
  open: Set<() => void>;
}

const TERMINAL_EVENTS = new Set(['completed', 'failed', 'cancelled']);

export async function serveJobEvents(reply: FastifyReply, job: ServerJob, lastEventId: number, opts: SseOptions): Promise<void> {
  const { store, faults } = opts;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-store, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${opts.retryMs}\n\n`);

  let lastSent = lastEventId;
  let ended = false;
  let held: StoredEvent | undefined;

  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearInterval(heartbeat);
    opts.open.delete(end);
    if (!res.writableEnded) res.end();
  };
  const drop = (): void => {
    end();
    res.destroy();
  };

  const write = (event: StoredEvent): void => {
    if (res.destroyed || res.writableEnded) return;
    const frame = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ type: event.type, job: event.job })}\n\n`;
    res.write(frame);
    if (faults.get().duplicateEvents) res.write(frame);
  };

  const send = (event: StoredEvent): void => {
    if (ended || event.id <= lastSent) return;
    lastSent = event.id;
    const terminal = TERMINAL_EVENTS.has(event.type);
    const config = faults.get();
    if (config.outOfOrder && !terminal && !held && faults.roll(0.5)) {
      held = event; // sent after the next event
      return;
    }
    if (terminal && held) {
      write(held); // never after the terminal event
      held = undefined;
    }
    write(event);
    if (held) {
      write(held);
      held = undefined;
    }
    if (terminal) return end();
    if (faults.roll(config.dropRate)) drop();
  };

  const unsubscribe = store.subscribe(job.id, send);
  const heartbeat = setInterval(() => {
    if (!ended && !res.destroyed) res.write(': hb\n\n');
  }, opts.heartbeatMs);
  opts.open.add(end);
  res.on('close', end);

  const backlog = coalesce(await store.eventsAfter(job.id, lastEventId));
  for (const event of backlog) send(event);
  if (!ended && TERMINAL_STATUSES.has(job.status) && backlog.length === 0) {
    // Resumed after the terminal event: nothing left to say.
    const latest = await store.eventsAfter(job.id, 0);
    const last = latest[latest.length - 1];
    if (!last || last.id <= lastEventId) end();
  }
}

/**
 * Each event carries the whole job, so older snapshots add nothing: keeps
 * the terminal event alone when there is one, else the newest progress event.
 */
function coalesce(events: StoredEvent[]): StoredEvent[] {
  const terminal = events.find((e) => TERMINAL_EVENTS.has(e.type));
  if (terminal) return [terminal];
  let lastProgress = -1;
  events.forEach((e, i) => {
    if (e.type === 'progress') lastProgress = i;
  });
  return events.filter((e, i) => e.type !== 'progress' || i === lastProgress);
}
