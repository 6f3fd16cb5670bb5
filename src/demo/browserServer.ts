/**
 * The reference server as the browser suites run it (demo.browser.test.ts,
 * delivery.browser.test.ts): in process, on 127.0.0.1, serving the built
 * demo at `/` and the API at `/api` on one origin. Every request is logged
 * (method, path, time), each fault roll knows which request it belongs to,
 * and `intercept` lets a test stand in front of the server like a proxy
 * (answer a request itself, hold it, or shape the response's bytes).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import { createExportServer } from '../server/createExportServer';
import type { ExportServer, ExportServerOptions } from '../server/createExportServer';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface Hit {
  method: string;
  path: string;
  at: number;
}

/** Which API request a fault roll belongs to (the fault hook runs inside the request's async context). */
export interface RequestContext {
  method: string;
  path: string;
  rolls: number;
}

/**
 * Stands in front of the server for one request: `'pass'` hands it on,
 * `'handled'` means the interceptor answered (or dropped) it itself.
 * It may also wrap `res` before passing (to count, slow or cut the body).
 */
export type Intercept = (req: IncomingMessage, res: ServerResponse, hit: Hit) => 'pass' | 'handled' | Promise<'pass' | 'handled'>;

export interface BrowserServer {
  server: ExportServer;
  baseUrl: string;
  hits: Hit[];
  hitsFor(jobId: string, since?: number): Hit[];
  /** Decides every fault roll of the server; the default is a seeded PRNG, so runs repeat. */
  faultPolicy: (ctx: RequestContext | undefined) => number;
  /** In front of every request; the default passes everything. */
  intercept: Intercept;
  seeded: () => number;
}

export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the reference server over `demoDir` (the built demo), with `options` on top of the suites' defaults. */
export async function startBrowserServer(demoDir: string, options: ExportServerOptions = {}): Promise<BrowserServer> {
  const requestContext = new AsyncLocalStorage<RequestContext>();
  const seeded = mulberry32(20240611);
  const hits: Hit[] = [];
  const self = {} as BrowserServer;
  const server = createExportServer({
    maxActivePerClient: 50,
    ...options,
    random: () => {
      const ctx = requestContext.getStore();
      if (ctx) ctx.rolls += 1;
      return self.faultPolicy(ctx);
    },
    setup(app) {
      // dist/demo at `/`, as the `staticDir` option does with @fastify/static
      // (which Jest's CommonJS runtime cannot load: its content-disposition is ESM only).
      const send = async (file: string, reply: FastifyReply) => {
        const path = resolve(demoDir, file);
        if (!path.startsWith(demoDir + sep)) return reply.code(404).send();
        const body = await readFile(path).catch(() => null);
        if (!body) return reply.code(404).send();
        return reply.type(MIME[extname(path)] ?? 'application/octet-stream').send(body);
      };
      app.get('/', (_request, reply) => send('index.html', reply));
      app.get<{ Params: { '*': string } }>('/assets/*', (request, reply) => send(`assets/${request.params['*']}`, reply));
    },
  });
  // Wrap Fastify's request handler: log every request, let the test stand in
  // front, and run it inside a context the fault policy can read.
  const http = server.app.server;
  const handlers = http.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (handlers.length !== 1) throw new Error(`expected one request handler, found ${handlers.length}`);
  const [handler] = handlers as [(req: IncomingMessage, res: ServerResponse) => void];
  http.removeListener('request', handler);
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const hit = { method: req.method ?? 'GET', path, at: Date.now() };
    hits.push(hit);
    const pass = () => requestContext.run({ method: hit.method, path, rolls: 0 }, () => handler.call(http, req, res));
    const verdict = self.intercept(req, res, hit);
    if (verdict === 'pass') pass();
    else if (verdict !== 'handled') void verdict.then((later) => later === 'pass' && pass());
  });
  const { url: baseUrl } = await server.listen(0);
  Object.assign(self, {
    server,
    baseUrl,
    hits,
    seeded,
    faultPolicy: () => seeded(),
    intercept: () => 'pass',
    hitsFor: (jobId: string, since = 0) => hits.filter((h) => h.at >= since && h.path.startsWith(`/api/exports/${jobId}`)),
  });
  return self;
}
