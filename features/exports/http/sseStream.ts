/**
 * One SSE connection to `GET /api/exports/:id/events` (docs/design.md#http-api):
 * made with `fetch` so that auth headers work, its content type checked, its
 * body fed to the SSE parser (sseParser.ts), dropped when no byte (heartbeats included)
 * came for `idleTimeoutMs`. It never throws: it says how the connection ended.
 */
import type { RequestContext } from './request';
import { apiUrl, resolveHeaders } from './request';
import { parseRetryAfter } from './retryAfter';
import { createSseParser } from './sseParser';
import type { SseMessage } from './sseParser';
import { linkSignal } from './signals';
import type { LinkedSignal } from './signals';

export interface StreamRequest {
  path: string;
  lastEventId?: string;
  /** A stream silent for this long (no byte, heartbeats included) is dropped. */
  idleTimeoutMs: number;
  signal: AbortSignal;
  onMessage(message: SseMessage): void;
  /** Checked after every chunk: `true` closes the connection (the subscription has what it needs). */
  isDone(): boolean;
}

/** How a connection ended: `gone` (404/410: the server has forgotten the job), or `ended` (refused, closed, broken or silent). */
export type StreamEnd = { kind: 'gone' } | { kind: 'ended'; retryAfterMs?: number };

/** Opens one connection and reads it to its end. */
export async function readEventStream(ctx: RequestContext, req: StreamRequest): Promise<StreamEnd> {
  const linked = linkSignal(req.signal, ctx.timeoutMs);
  try {
    const headers = await resolveHeaders(ctx.headers);
    headers.Accept = 'text/event-stream';
    headers['Cache-Control'] = 'no-cache';
    if (req.lastEventId !== undefined) headers['Last-Event-ID'] = req.lastEventId;
    const response = await ctx.fetch(apiUrl(ctx.baseUrl, req.path), { headers, signal: linked.signal });
    const isStream = response.ok && (response.headers.get('Content-Type') ?? '').includes('text/event-stream');
    if (!isStream || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 404 || response.status === 410) return { kind: 'gone' };
      return { kind: 'ended', retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')) };
    }
    linked.touch(req.idleTimeoutMs);
    await pump(response.body, linked, req);
  } catch {
    // refused, broken or silent: the caller decides whether to reconnect
  } finally {
    linked.dispose();
  }
  return { kind: 'ended' };
}

/** Feeds the body to the parser until it ends or `isDone()`; every chunk restarts the idle timer. */
async function pump(body: ReadableStream<Uint8Array>, linked: LinkedSignal, req: StreamRequest): Promise<void> {
  const feed = createSseParser((message) => req.onMessage(message));
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!req.isDone()) {
      const { done, value } = await reader.read();
      if (done) return;
      linked.touch();
      feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
