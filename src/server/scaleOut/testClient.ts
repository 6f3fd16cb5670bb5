/**
 * Test support (never built, never published): the few HTTP calls the
 * scale-out tests make, each bounded in time, and a raw SSE reader.
 */
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import type { JobView, ServerEventType } from '../types';

export interface JsonAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T>(url: string, init: RequestInit = {}): Promise<JsonAnswer<T>> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function startExport(base: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer<{ job: JobView }>> {
  return call(`${base}/api/exports`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function getJob(base: string, id: string): Promise<JobView> {
  const answer = await call<{ job: JobView }>(`${base}/api/exports/${id}`);
  if (answer.status !== 200) throw new Error(`GET ${id}: ${answer.status}`);
  return answer.body.job;
}

/** Polls until `pick(job)` holds (through `bases` in turn); rejects after `ms` with the last state seen. */
export async function waitForJob(bases: string[], id: string, pick: (job: JobView) => boolean, ms: number): Promise<JobView> {
  const deadline = Date.now() + ms;
  let last: JobView | undefined;
  for (let i = 0; Date.now() < deadline; i++) {
    last = await getJob(bases[i % bases.length] ?? '', id);
    if (pick(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not get there within ${ms} ms; last seen: ${JSON.stringify(last)}`);
}

export const isFinished = (job: JobView): boolean => ['completed', 'failed', 'cancelled', 'expired'].includes(job.status);

export interface SseEvent {
  id: number;
  type: ServerEventType;
  job: JobView;
}

export interface SseStream {
  status: Promise<number>;
  events: SseEvent[];
  /** Resolves when the server ends the stream (or the connection breaks). */
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET /events` with `Last-Event-ID` and parses frames as they come. */
export function openSse(base: string, id: string, lastEventId?: number): SseStream {
  const events: SseEvent[] = [];
  let req: ClientRequest | undefined;
  let resolveStatus: (status: number) => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const ended = new Promise<void>((resolve) => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
    req = request(`${base}/api/exports/${id}/events`, { headers }, (res) => {
      resolveStatus(res.statusCode ?? 0);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const idLine = /^id: (\d+)$/m.exec(frame);
          const data = /^data: (.*)$/m.exec(frame);
          if (idLine && data?.[1]) {
            const parsed = JSON.parse(data[1]) as { type: ServerEventType; job: JobView };
            events.push({ id: Number(idLine[1]), type: parsed.type, job: parsed.job });
          }
        }
      });
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      res.on('close', () => resolve());
    });
    req.on('error', () => {
      resolveStatus(0);
      resolve();
    });
    req.end();
  });
  return { status, events, ended, close: () => req?.destroy() };
}
