import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Faults } from './faults';
import type { JobStore } from './jobStore';
import type { ServerJob, StoredEvent } from './types';
import { TERMINAL_STATUSES } from './types';

/**
 * One job's Server-Sent Events stream.
 *
 *     id: 7
 *     event: progress            (progress | completed | failed | cancelled | delivery)
 *     data: {"type":"progress","job":{...}}
 *
 * Event ids grow by one per job. A client reconnecting with `Last-Event-ID`
 * gets only the events after it; each event carries the full job, so a
 * backlog is coalesced: the terminal event alone when it is in it, else
 * the newest event of each type. The stream ends right after the terminal
 * event. `delivery` events (a download receipt changed, see `deliveries.ts`)
 * come after the terminal event, so only a stream resumed past it gets
 * them: it sends the newest one and ends. A stream resumed past the last
 * event of a finished job answers `204 No Content` (what makes an
 * EventSource stop reconnecting). A request with `Connection: close` gets
 * the backlog and the stream ends, whether or not the job has finished.
 * `HEAD` answers the same status and headers, without a body. Comments
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

export async function serveJobEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  job: ServerJob,
  lastEventId: number,
  opts: SseOptions,
): Promise<void> {
  const { store, faults } = opts;
  // Subscribed before the backlog is read, so nothing appended in between is lost.
  const early: StoredEvent[] = [];
  let live: ((event: StoredEvent) => void) | undefined = undefined; // set once the backlog is out
  const unsubscribe = store.subscribe(job.id, (event) => (live ? live(event) : early.push(event)));
  let backlog: StoredEvent[];
  try {
    backlog = coalesce([...(await store.eventsAfter(job.id, lastEventId)), ...early]);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  early.length = 0;
  const finished = TERMINAL_STATUSES.has(job.status);
  const oneShot = /(^|,)\s*close\s*(,|$)/i.test(request.headers.connection ?? '');
  const headers: Record<string, string> = {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-store, no-transform',
    Connection: oneShot ? 'close' : 'keep-alive',
    'X-Accel-Buffering': 'no',
  };
  if (finished && backlog.length === 0) {
    unsubscribe();
    return reply.code(204).header('Cache-Control', 'no-store').send();
  }
  if (request.method === 'HEAD') {
    unsubscribe();
    return reply.code(200).headers(headers).send(Readable.from([])); // a stream: no Content-Length: 0
  }

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, headers);
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
    if (config.outOfOrder && event.type === 'progress' && !held && faults.roll(0.5)) {
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

  const heartbeat = setInterval(() => {
    if (!ended && !res.destroyed) res.write(': hb\n\n');
  }, opts.heartbeatMs);
  opts.open.add(end);
  res.on('close', end);

  for (const event of backlog) send(event);
  // A finished job's stream (resumed past its terminal event) has said everything.
  if (finished || oneShot) {
    if (held) write(held);
    held = undefined;
    end();
    return;
  }
  live = send;
}

/**
 * Each event carries the whole job, so older snapshots add nothing: keeps
 * the terminal event alone when there is one, else the newest event of each
 * type, oldest first. Duplicates (the same id twice) are dropped.
 */
function coalesce(events: StoredEvent[]): StoredEvent[] {
  const byId = new Map<number, StoredEvent>();
  for (const e of events) byId.set(e.id, e);
  const sorted = [...byId.values()].sort((a, b) => a.id - b.id);
  const terminal = sorted.find((e) => TERMINAL_EVENTS.has(e.type));
  if (terminal) return [terminal];
  const newest = new Map<string, StoredEvent>();
  for (const e of sorted) newest.set(e.type, e);
  return [...newest.values()].sort((a, b) => a.id - b.id);
}
