import { createSseParser } from '../../../features/exports/http/sseParser';
import * as v from 'valibot';
import { fileNameFromContentDisposition } from '../../../features/exports/http/contentDisposition';
import { parseJobSnapshot } from '../../../features/exports/shapes/parseJobSnapshot';
import type { JobSnapshot } from '../../../features/exports/model/types';

/**
 * HTTP contract checks of the API in src/server/README.md, runnable against any base URL:
 * `npm run verify-server -- --base-url http://127.0.0.1:8787`. They only
 * use HTTP, so a team can point them at its own backend. Checks run in
 * order and share the jobs they create.
 */
export interface CheckContext {
  baseUrl: string;
  fetch: typeof fetch;
  /** Sent with every request (auth of your backend). */
  headers: Record<string, string>;
  /** How long a small export may take to finish. */
  jobTimeoutMs: number;
  /** The body of the small exports the checks start. */
  exportBody: { scope: string | null; params?: unknown; fileName?: string };
  /** `params` of an export big enough to still be running when cancelled. */
  bigParams: unknown;
}

export interface ContractCheck {
  name: string;
  run(ctx: CheckContext, shared: Shared): Promise<void | { skip: string }>;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  message?: string;
}

interface Shared {
  jobId?: string;
  completed?: boolean;
  terminalEventId?: number;
  link?: { url: string; expiresAt?: number | null; deliveryId?: string };
  responses: Array<{ what: string; status: number; headers: string; body: string }>;
}

class CheckFailure extends Error {}
function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** A job as the client reads it: the same reader the HTTP transport uses. */
const JobSnapshotSchema = v.pipe(
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
const JobBody = v.object({ job: JobSnapshotSchema });
const ErrorBody = v.object({ error: v.object({ code: v.string(), message: v.pipe(v.string(), v.minLength(1)) }) });
const LinkBody = v.object({ url: v.string(), expiresAt: v.optional(v.nullable(v.number())), deliveryId: v.optional(v.string()) });
/** The optional download receipts of a job answer (a backend may not report them). */
const DeliveriesBody = v.object({
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
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);

async function call(
  ctx: CheckContext,
  shared: Shared,
  method: string,
  path: string,
  init: { body?: string; json?: unknown; headers?: Record<string, string>; absolute?: boolean } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown; bytes: Uint8Array }> {
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
  const isFile = path.includes('/file');
  shared.responses.push({
    what: `${method} ${path.replace(/token=[^&]+/, 'token=…')}`,
    status: response.status,
    headers: [...response.headers].map(([k, val]) => `${k}: ${val}`).join('\n'),
    body: isFile && response.ok ? '' : text.slice(0, 10_000),
  });
  return { status: response.status, headers: response.headers, text, json, bytes };
}

function jobOf(json: unknown, what: string): JobSnapshot {
  const parsed = v.safeParse(JobBody, json);
  expect(parsed.success, `${what}: the body is not {job} (${parsed.issues?.[0]?.message ?? ''})`);
  return parsed.output.job;
}

function expectError(res: { status: number; json: unknown }, statuses: number[], what: string): void {
  expect(statuses.includes(res.status), `${what}: expected ${statuses.join(' or ')}, got ${res.status}`);
  expect(v.safeParse(ErrorBody, res.json).success, `${what}: the body is not {error:{code,message}}`);
}

async function startJob(ctx: CheckContext, shared: Shared, body: unknown): Promise<JobSnapshot> {
  const res = await call(ctx, shared, 'POST', '/api/exports', { json: body });
  expect(res.status === 202, `POST /api/exports: expected 202, got ${res.status} ${res.text.slice(0, 200)}`);
  return jobOf(res.json, 'POST /api/exports');
}

async function waitForEnd(ctx: CheckContext, shared: Shared, id: string): Promise<JobSnapshot> {
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

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Reads a whole SSE stream (it must end by itself after the terminal event). */
async function readStream(ctx: CheckContext, id: string, lastEventId?: number): Promise<{ status: number; type: string; events: SseEvent[] }> {
  const headers: Record<string, string> = { ...ctx.headers, Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const response = await ctx.fetch(`${ctx.baseUrl.replace(/\/+$/, '')}/api/exports/${id}/events`, {
    headers,
    signal: AbortSignal.timeout(ctx.jobTimeoutMs),
  });
  const events: SseEvent[] = [];
  const feed = createSseParser((e) => events.push({ id: e.id, event: e.event, data: e.data }));
  try {
    feed(await response.text());
  } catch (error) {
    throw new CheckFailure(`the event stream did not end after its terminal event (${(error as Error).message})`);
  }
  return { status: response.status, type: response.headers.get('Content-Type') ?? '', events };
}

function checkTerminalOnce(events: SseEvent[], expected: string): void {
  const terminals = events.filter((e) => e.event !== undefined && TERMINAL.has(e.event));
  const distinct = new Set(terminals.map((e) => e.id));
  expect(distinct.size === 1, `expected exactly one terminal event, got ${distinct.size}`);
  expect(terminals[0]?.event === expected, `expected the terminal event "${expected}", got "${terminals[0]?.event}"`);
  expect(events[events.length - 1]?.event === expected, 'the terminal event is not the last one');
}

export const contractChecks: ContractCheck[] = [
  {
    name: 'POST /api/exports answers 202 {job}',
    async run(ctx, shared) {
      const job = await startJob(ctx, shared, ctx.exportBody);
      expect(['pending', 'running'].includes(job.status), `a new job should be pending or running, not ${job.status}`);
      expect(job.progress >= 0 && job.progress <= 100, 'progress must be within 0..100');
      shared.jobId = job.id;
    },
  },
  {
    name: 'Idempotency-Key: the same key answers the same job; another body with it is refused',
    async run(ctx, shared) {
      const key = `contract-check-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      const post = (body: unknown) => call(ctx, shared, 'POST', '/api/exports', { json: body, headers: { 'Idempotency-Key': key } });
      const first = await post(ctx.exportBody);
      expect(first.status === 202, `first POST with an Idempotency-Key: expected 202, got ${first.status}`);
      const a = jobOf(first.json, 'first POST');
      const second = await post(ctx.exportBody);
      expect(second.status === 202, `the same POST again: expected 202, got ${second.status}`);
      const b = jobOf(second.json, 'second POST');
      if (b.id !== a.id) {
        await call(ctx, shared, 'POST', `/api/exports/${b.id}/cancel`);
        await call(ctx, shared, 'POST', `/api/exports/${a.id}/cancel`);
        return { skip: 'the backend ignores Idempotency-Key (two POSTs made two jobs)' };
      }
      const other = await post({ ...ctx.exportBody, scope: `${ctx.exportBody.scope ?? 'none'}-other` });
      expectError(other, [422], 'the same key with another body');
      await waitForEnd(ctx, shared, a.id);
    },
  },
  {
    name: 'GET /api/exports/:id answers 200 {job} with the same id',
    async run(ctx, shared) {
      expect(shared.jobId, 'needs the job of the first check');
      const res = await call(ctx, shared, 'GET', `/api/exports/${shared.jobId}`);
      expect(res.status === 200, `expected 200, got ${res.status}`);
      expect(jobOf(res.json, 'GET').id === shared.jobId, 'a different job came back');
    },
  },
  {
    name: 'SSE: numbered events, exactly one terminal event, then the stream ends',
    async run(ctx, shared) {
      expect(shared.jobId, 'needs the job of the first check');
      const stream = await readStream(ctx, shared.jobId);
      expect(stream.status === 200, `expected 200, got ${stream.status}`);
      expect(stream.type.includes('text/event-stream'), `Content-Type is ${stream.type}`);
      expect(stream.events.length > 0, 'no events');
      for (const e of stream.events) {
        expect(e.id !== undefined && /^\d+$/.test(e.id), 'every event needs a numeric id');
        expect(['progress', 'completed', 'failed', 'cancelled'].includes(e.event ?? ''), `unknown event type ${e.event}`);
        const data = v.safeParse(v.object({ job: JobSnapshotSchema }), JSON.parse(e.data));
        expect(data.success, 'event data must be {job}');
      }
      checkTerminalOnce(stream.events, 'completed');
      shared.completed = true;
      shared.terminalEventId = Number(stream.events[stream.events.length - 1]?.id);
    },
  },
  {
    name: 'SSE honours Last-Event-ID: only later events, terminal once',
    async run(ctx, shared) {
      expect(shared.jobId && shared.terminalEventId, 'needs the finished job of the SSE check');
      const from = shared.terminalEventId - 1;
      const stream = await readStream(ctx, shared.jobId, from);
      expect(stream.status === 200, `expected 200, got ${stream.status}`);
      expect(stream.events.every((e) => Number(e.id) > from), 'an event at or before Last-Event-ID was replayed');
      checkTerminalOnce(stream.events, 'completed');
    },
  },
  {
    name: 'POST /api/exports/:id/link on a finished job answers 200 {url, expiresAt}',
    async run(ctx, shared) {
      expect(shared.jobId && shared.completed, 'needs the finished job');
      const res = await call(ctx, shared, 'POST', `/api/exports/${shared.jobId}/link`);
      expect(res.status === 200, `expected 200, got ${res.status}`);
      const parsed = v.safeParse(LinkBody, res.json);
      expect(parsed.success, 'the body is not {url, expiresAt}');
      const url = new URL(parsed.output.url, ctx.baseUrl);
      expect(url.origin === new URL(ctx.baseUrl).origin, `the link points to another origin (${url.origin})`);
      if (typeof parsed.output.expiresAt === 'number') expect(parsed.output.expiresAt > Date.now() - 5_000, 'the link is already expired');
      shared.link = { url: url.href, expiresAt: parsed.output.expiresAt };
      if (parsed.output.deliveryId !== undefined) shared.link.deliveryId = parsed.output.deliveryId;
    },
  },
  {
    name: 'GET the signed link: 200, attachment with filename and filename*, Content-Length, ETag',
    async run(ctx, shared) {
      expect(shared.link, 'needs the link of the previous check');
      const res = await call(ctx, shared, 'GET', shared.link.url, { absolute: true });
      expect(res.status === 200, `expected 200, got ${res.status}`);
      const cd = res.headers.get('Content-Disposition') ?? '';
      expect(/^attachment\s*;/i.test(cd), `Content-Disposition is "${cd}"`);
      expect(/filename\s*=/i.test(cd) && /filename\*\s*=\s*UTF-8''/i.test(cd), 'Content-Disposition needs filename= and filename*=UTF-8\'\'');
      const length = res.headers.get('Content-Length');
      expect(length !== null && Number(length) === res.bytes.length, `Content-Length ${length} does not match ${res.bytes.length} bytes`);
      expect(res.bytes.length > 0, 'the file is empty');
      expect(res.headers.get('ETag'), 'no ETag');
    },
  },
  {
    name: 'Delivery receipts: the link names a delivery, listed as completed after the download (optional)',
    async run(ctx, shared) {
      expect(shared.jobId && shared.link, 'needs the link and the download of the previous checks');
      const deliveryId = shared.link.deliveryId;
      if (deliveryId === undefined) return { skip: 'the link answer has no deliveryId (receipts are optional)' };
      expect(deliveryId.length > 0, 'deliveryId is empty');
      const deadline = Date.now() + Math.min(ctx.jobTimeoutMs, 5_000);
      while (true) {
        const res = await call(ctx, shared, 'GET', `/api/exports/${shared.jobId}`);
        const parsed = v.safeParse(DeliveriesBody, res.json);
        expect(parsed.success, `job.deliveries is not a list of {id, status, requestedAt} (${parsed.issues?.[0]?.message ?? ''})`);
        const deliveries = parsed.output.job.deliveries;
        if (deliveries === undefined) return { skip: 'the job answer has no deliveries (receipts are optional)' };
        const found = deliveries.find((d) => d.id === deliveryId);
        if (found?.status === 'completed') return;
        expect(Date.now() < deadline, `the downloaded delivery is ${found ? found.status : 'not listed'}, not completed`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  },
  {
    name: 'GET file without a token answers 401',
    async run(ctx, shared) {
      expect(shared.jobId, 'needs a job');
      expectError(await call(ctx, shared, 'GET', `/api/exports/${shared.jobId}/file`), [401], 'GET file without token');
    },
  },
  {
    name: 'GET file with a tampered token answers 403',
    async run(ctx, shared) {
      expect(shared.link, 'needs a link');
      const url = new URL(shared.link.url);
      const token = url.searchParams.get('token');
      if (!token) return { skip: 'the link carries no ?token= to tamper with' };
      const last = token.slice(-1);
      url.searchParams.set('token', `${token.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`);
      expectError(await call(ctx, shared, 'GET', url.href, { absolute: true }), [403], 'tampered token');
      url.searchParams.set('token', 'not-a-token');
      expectError(await call(ctx, shared, 'GET', url.href, { absolute: true }), [403], 'garbage token');
    },
  },
  {
    name: 'POST cancel on a completed job answers 409',
    async run(ctx, shared) {
      expect(shared.jobId && shared.completed, 'needs the finished job');
      expectError(await call(ctx, shared, 'POST', `/api/exports/${shared.jobId}/cancel`), [409], 'cancel completed');
    },
  },
  {
    name: 'POST link on an unfinished job answers 409',
    async run(ctx, shared) {
      const job = await startJob(ctx, shared, { ...ctx.exportBody, params: ctx.bigParams });
      const res = await call(ctx, shared, 'POST', `/api/exports/${job.id}/link`);
      await call(ctx, shared, 'POST', `/api/exports/${job.id}/cancel`);
      if (res.status === 200) return { skip: 'the export finished before the check could ask' };
      expectError(res, [409], 'link on an unfinished job');
    },
  },
  {
    name: 'POST cancel on a running job: 200, idempotent, one "cancelled" event, then no file',
    async run(ctx, shared) {
      const job = await startJob(ctx, shared, { ...ctx.exportBody, params: ctx.bigParams });
      const first = await call(ctx, shared, 'POST', `/api/exports/${job.id}/cancel`);
      if (first.status === 409) return { skip: 'the export finished before it could be cancelled' };
      expect(first.status === 200, `expected 200, got ${first.status}`);
      expect(['cancelled', 'cancelling'].includes(jobOf(first.json, 'cancel').status), 'the job is not cancelled');
      const second = await call(ctx, shared, 'POST', `/api/exports/${job.id}/cancel`);
      expect(second.status === 200, `a second cancel must answer 200 too, got ${second.status}`);
      const ended = await waitForEnd(ctx, shared, job.id);
      expect(ended.status === 'cancelled', `the job ended as ${ended.status}`);
      expect(!ended.error, 'a cancelled job must not carry an error');
      const stream = await readStream(ctx, job.id);
      checkTerminalOnce(stream.events, 'cancelled');
      expectError(await call(ctx, shared, 'POST', `/api/exports/${job.id}/link`), [409], 'link on a cancelled job');
    },
  },
  {
    name: 'Unknown ids answer 404 {error} on every route',
    async run(ctx, shared) {
      const id = 'AAAAAAAAAAAAAAAAAAAAAA';
      expectError(await call(ctx, shared, 'GET', `/api/exports/${id}`), [404], 'GET status');
      expectError(await call(ctx, shared, 'POST', `/api/exports/${id}/cancel`), [404], 'cancel');
      expectError(await call(ctx, shared, 'POST', `/api/exports/${id}/link`), [404], 'link');
      const events = await call(ctx, shared, 'GET', `/api/exports/${id}/events`);
      expect(events.status === 404, `events: expected 404, got ${events.status}`);
      expectError(await call(ctx, shared, 'GET', `/api/exports/${id}/file?token=v1.1.x`), [401, 403, 404], 'file');
    },
  },
  {
    name: 'Malformed JSON and wrong types answer 400 {error}',
    async run(ctx, shared) {
      const post = (body: string) => call(ctx, shared, 'POST', '/api/exports', { body, headers: { 'Content-Type': 'application/json' } });
      expectError(await post('{"scope": '), [400], 'malformed JSON');
      expectError(await post('[1,2,3]'), [400], 'an array body');
      expectError(await post('{"scope": 123}'), [400], 'scope: number');
      expectError(await post('{"fileName": {"a": 1}}'), [400], 'fileName: object');
      expectError(await post('{"params": "big"}'), [400], 'params: string');
    },
  },
  {
    name: 'Path traversal in ids answers 4xx, never 200 or 500',
    async run(ctx, shared) {
      for (const id of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', 'a%00b', '%5C..%5Cwindows']) {
        for (const suffix of ['', '/events', '/file?token=x']) {
          const res = await call(ctx, shared, 'GET', `/api/exports/${id}${suffix}`);
          expect(res.status >= 400 && res.status < 500, `GET /api/exports/${id}${suffix}: got ${res.status}`);
        }
      }
    },
  },
  {
    name: 'A file name with Unicode, quotes and ../ comes back safe',
    async run(ctx, shared) {
      const job = await startJob(ctx, shared, { ...ctx.exportBody, fileName: 'Rapport "été" ../../etc/passwd.zip' });
      const ended = await waitForEnd(ctx, shared, job.id);
      expect(ended.status === 'completed', `the export ended as ${ended.status}`);
      const link = await call(ctx, shared, 'POST', `/api/exports/${job.id}/link`);
      const parsed = v.safeParse(LinkBody, link.json);
      expect(parsed.success, 'no link');
      const file = await call(ctx, shared, 'GET', new URL(parsed.output.url, ctx.baseUrl).href, { absolute: true });
      expect(file.status === 200, `file: ${file.status}`);
      const name = fileNameFromContentDisposition(file.headers.get('Content-Disposition'));
      expect(name, 'no file name in Content-Disposition');
      expect(!/[/\\]/.test(name), `the name "${name}" holds a path separator`);
      expect(name.includes('été'), `the name "${name}" lost its Unicode`);
    },
  },
  {
    name: 'Error bodies are {error:{code,message}}; no response carries a server path',
    async run(_ctx, shared) {
      const pathLike = /(^|[\s"'=])(\/(tmp|home|root|Users|var|private|opt|srv|usr)\/|[A-Za-z]:\\\\)/;
      for (const r of shared.responses) {
        expect(!pathLike.test(r.body) && !pathLike.test(r.headers), `${r.what} (${r.status}) carries something like a server path`);
        if (r.status >= 400 && r.status !== 404 && r.body) {
          expect(v.safeParse(ErrorBody, safeJson(r.body)).success, `${r.what} (${r.status}): the body is not {error:{code,message}}`);
        }
      }
    },
  },
];

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Runs every check in order; `onResult` is called as each one ends. */
export async function runContractChecks(
  options: Partial<CheckContext> & { baseUrl: string },
  onResult?: (result: CheckResult) => void,
): Promise<{ results: CheckResult[]; passed: number; failed: number; skipped: number }> {
  const ctx: CheckContext = {
    fetch: (input, init) => globalThis.fetch(input, init),
    headers: {},
    jobTimeoutMs: 60_000,
    exportBody: { scope: 'contract-check', params: { size: 20_000 }, fileName: 'contract-check.zip' },
    bigParams: { size: 200 * 1024 * 1024 },
    ...options,
  };
  const shared: Shared = { responses: [] };
  const results: CheckResult[] = [];
  for (const check of contractChecks) {
    const started = Date.now();
    let result: CheckResult;
    try {
      const outcome = await check.run(ctx, shared);
      result = outcome ? { name: check.name, status: 'skip', ms: Date.now() - started, message: outcome.skip } : { name: check.name, status: 'pass', ms: Date.now() - started };
    } catch (error) {
      result = { name: check.name, status: 'fail', ms: Date.now() - started, message: error instanceof Error ? error.message : String(error) };
    }
    results.push(result);
    onResult?.(result);
  }
  return {
    results,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
  };
}
