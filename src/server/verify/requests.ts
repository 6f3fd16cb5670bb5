import { createSseParser } from '../../../features/exports/http/sseParser';
import type { JobSnapshot } from '../../../features/exports/model/types';
import { CheckFailure, TERMINAL, expect, jobOf } from './assertions';
import type { SseEvent } from './assertions';
import type { CheckContext, Shared } from './types';

/** The requests the checks make; every answer is recorded in `shared.responses`. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  bytes: Uint8Array;
}

function record(shared: Shared, method: string, url: URL, response: Response, body: string, bodyKept: boolean): void {
  const path = `${url.pathname}${url.search}`;
  shared.responses.push({
    what: `${method} ${path.replace(/token=[^&]+/, 'token=…')}`,
    method,
    path,
    status: response.status,
    contentType: response.headers.get('Content-Type') ?? '',
    headers: [...response.headers].map(([k, val]) => `${k}: ${val}`).join('\n'),
    body: bodyKept ? body.slice(0, 10_000) : '',
    bodyKept,
  });
}

export async function call(
  ctx: CheckContext,
  shared: Shared,
  method: string,
  path: string,
  init: { body?: string; json?: unknown; headers?: Record<string, string>; absolute?: boolean } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...ctx.headers, ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['Content-Type'] = 'application/json';
  }
  const url = init.absolute ? path : `${ctx.baseUrl.replace(/\/+$/, '')}${path}`;
  const response = await ctx.fetch(url, { method, headers, body, signal: AbortSignal.timeout(ctx.jobTimeoutMs) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const isFile = new URL(url).pathname.endsWith('/file') && response.ok;
  record(shared, method, new URL(url), response, text, !isFile);
  return { status: response.status, headers: response.headers, text, json, bytes };
}

export async function startJob(ctx: CheckContext, shared: Shared, body: unknown): Promise<JobSnapshot> {
  const res = await call(ctx, shared, 'POST', '/api/exports', { json: body });
  expect(res.status === 202, `POST /api/exports: expected 202, got ${res.status} ${res.text.slice(0, 200)}`);
  return jobOf(res.json, 'POST /api/exports');
}

export async function waitForEnd(ctx: CheckContext, shared: Shared, id: string): Promise<JobSnapshot> {
  const deadline = Date.now() + ctx.jobTimeoutMs;
  while (Date.now() < deadline) {
    const res = await call(ctx, shared, 'GET', `/api/exports/${id}`);
    expect(res.status === 200, `GET /api/exports/:id: expected 200, got ${res.status}`);
    const job = jobOf(res.json, 'GET /api/exports/:id');
    if (TERMINAL.has(job.status)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new CheckFailure(`the export did not finish within ${ctx.jobTimeoutMs} ms`);
}

/** Reads a whole SSE stream (it must end by itself after the terminal event). */
export async function readStream(
  ctx: CheckContext,
  shared: Shared,
  id: string,
  lastEventId?: number,
): Promise<{ status: number; type: string; events: SseEvent[] }> {
  const headers: Record<string, string> = { ...ctx.headers, Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const url = new URL(`${ctx.baseUrl.replace(/\/+$/, '')}/api/exports/${id}/events`);
  const response = await ctx.fetch(url.href, { headers, signal: AbortSignal.timeout(ctx.jobTimeoutMs) });
  const events: SseEvent[] = [];
  const feed = createSseParser((e) => events.push({ id: e.id, event: e.event, data: e.data }));
  let text: string;
  try {
    text = await response.text();
    feed(text);
  } catch (error) {
    throw new CheckFailure(`the event stream did not end after its terminal event (${(error as Error).message})`);
  }
  const isStream = response.ok && (response.headers.get('Content-Type') ?? '').includes('text/event-stream');
  record(shared, 'GET', url, response, text, !isStream);
  return { status: response.status, type: response.headers.get('Content-Type') ?? '', events };
}
