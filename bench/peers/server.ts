/**
 * The reference server for the peer bench, on 127.0.0.1, serving the built
 * pages at /<page>/ and the API at /api on one origin. Two hooks record,
 * server-side, without changing what the server answers:
 * - every request (method, path, time), from a Fastify `onRequest` hook
 *   added in the `setup` option;
 * - when each job completed: the job store is the default memory store,
 *   wrapped so that the `commit` that makes a job `completed` is timed once
 *   it is applied (from then on a status request answers "completed").
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { createExportServer } from '../../src/server/createExportServer';
import { createMemoryJobStore } from '../../src/server/jobStore';
import type { JobStore } from '../../src/server/jobStore';
import { PAGES_OUT } from './buildPages';

export interface Hit {
  method: string;
  path: string;
  at: number;
}

export interface PeerServer {
  url: string;
  hits: Hit[];
  /** Job ids in the order they were started. */
  started: string[];
  /** When each job completed (Date.now(), server side). */
  completedAt: Map<string, number>;
  /** Resolves with the first request (already logged or to come) that `match` accepts (bounded). */
  request(match: (hit: Hit) => boolean, timeoutMs: number): Promise<Hit>;
  /** The server's delivery receipts of a job (src/server/README.md, "Delivery receipts"): status and bytes sent, oldest first. */
  receipts(id: string): Promise<Array<{ status: string; bytesSent?: number }>>;
  /** Resolves with the completion time of a job (bounded). */
  completion(id: string, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export async function startPeerServer(stageDelayMs: number): Promise<PeerServer> {
  const hits: Hit[] = [];
  const started: string[] = [];
  const completedAt = new Map<string, number>();
  const waiting = new Map<string, Array<(at: number) => void>>();
  const hitWaiters = new Set<(hit: Hit) => void>();
  const memory = createMemoryJobStore();
  /** Times the first moment a job is seen completed, and wakes whoever waits for it. */
  const completed = (id: string): void => {
    if (completedAt.has(id)) return;
    const at = Date.now();
    completedAt.set(id, at);
    for (const resolveAt of waiting.get(id) ?? []) resolveAt(at);
    waiting.delete(id);
  };
  const store: JobStore = {
    ...memory,
    async insert(job) {
      started.push(job.id);
      return memory.insert(job);
    },
    // Every change of a job goes through commit (src/server/jobStore.ts); update is kept for anything that still calls it.
    async commit(id, change) {
      const job = await memory.commit(id, change);
      if (job?.status === 'completed') completed(id);
      return job;
    },
    async update(id, patch) {
      const job = await memory.update(id, patch);
      if (job?.status === 'completed') completed(id);
      return job;
    },
  };
  const server = createExportServer({
    stageDelayMs,
    store,
    maxActivePerClient: 50,
    setup(app) {
      app.addHook('onRequest', async (request) => {
        const hit = { method: request.method, path: request.url.split('?')[0] ?? '', at: Date.now() };
        hits.push(hit);
        for (const waiter of [...hitWaiters]) waiter(hit);
      });
      app.get<{ Params: { page: string; file?: string } }>('/:page/:file?', async (request, reply) => {
        const path = resolve(PAGES_OUT, request.params.page, request.params.file || 'index.html');
        if (!path.startsWith(PAGES_OUT + sep)) return reply.code(404).send();
        const body = await readFile(path).catch(() => null);
        if (!body) return reply.code(404).send();
        return reply.type(MIME[extname(path)] ?? 'application/octet-stream').header('cache-control', 'no-store').send(body);
      });
    },
  });
  const { url } = await server.listen(0);
  return {
    url,
    hits,
    started,
    completedAt,
    request(match, timeoutMs) {
      const seen = hits.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveHit, reject) => {
        const waiter = (hit: Hit): void => {
          if (!match(hit)) return;
          hitWaiters.delete(waiter);
          clearTimeout(timer);
          resolveHit(hit);
        };
        const timer = setTimeout(() => {
          hitWaiters.delete(waiter);
          reject(new Error(`bench: the awaited request did not come within ${timeoutMs} ms`));
        }, timeoutMs);
        hitWaiters.add(waiter);
      });
    },
    async receipts(id) {
      const job = await memory.get(id);
      return (job?.deliveries ?? []).map((d) => (d.bytesSent === undefined ? { status: d.status } : { status: d.status, bytesSent: d.bytesSent }));
    },
    completion(id, timeoutMs) {
      const done = completedAt.get(id);
      if (done !== undefined) return Promise.resolve(done);
      return new Promise((resolveAt, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench: job ${id} did not complete within ${timeoutMs} ms`)), timeoutMs);
        const list = waiting.get(id) ?? [];
        list.push((at) => {
          clearTimeout(timer);
          resolveAt(at);
        });
        waiting.set(id, list);
      });
    },
    close: () => server.close({ graceMs: 1_000 }),
  };
}
