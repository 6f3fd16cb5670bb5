import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ApiError } from './apiError';
import { createFaults } from './faults';
import { clientErrorHandler, frameworkErrors } from './frameworkErrors';
import type { FaultConfig, Faults } from './faults';
import { createIdempotencyKeys } from './idempotencyKeys';
import type { IdempotencyKeys } from './idempotencyKeys';
import type { JobQueue } from './jobQueue';
import { createMemoryJobStore } from './jobStore';
import type { JobStore } from './jobStore';
import { createLifecycle } from './lifecycle';
import { registerOpenApi } from './openapi';
import { jobDir } from './paths';
import { registerRoutes } from './routes';
import { createWorker } from './worker';

export interface ExportServerOptions {
  /** Where job folders go. Default: a fresh temp folder, deleted on `close()`. */
  dataDir?: string;
  /** HMAC key of download links. Default: 32 random bytes (links die with the process). */
  secret?: string | Buffer;
  /** Lifetime of a signed download link. Default 60 s. */
  linkTtlMs?: number;
  /** Finished jobs and their files are deleted after this; then 410. Default 1 h. */
  jobTtlMs?: number;
  /** Active (pending/running/cancelling) exports per client before 429. Default 4. */
  maxActivePerClient?: number;
  /**
   * Bytes a client's running and stored (completed, not yet expired) exports may hold,
   * the new one included; beyond it 429 `too_much_data`. Default 1 GiB.
   */
  maxBytesPerClient?: number;
  /**
   * Jobs kept in memory at most. When full, the oldest finished jobs are expired (410) to
   * make room; only when every job is still running does a start answer 503. Default 1 000.
   */
  maxJobs?: number;
  /**
   * Who a request comes from, for the per-client limits and `Idempotency-Key`s: a deployment
   * hook (e.g. the user id your auth put on the request). Default: the remote address
   * (`request.ip`; set Fastify's `trustProxy` in `setup` behind a proxy). Request headers such
   * as `X-Client-Id` are not trusted: a client could rotate them to dodge the limits.
   */
  clientIdentity?: (request: FastifyRequest) => string;
  /** How long an `Idempotency-Key` of `POST /api/exports` is remembered. Default 24 h. */
  idempotencyTtlMs?: number;
  /** `Idempotency-Key`s remembered at most (the oldest are forgotten first). Default 10 000. */
  maxIdempotencyKeys?: number;
  /** Minimum duration of each stage, ms. Default 750 (a small export takes ~3 s). */
  stageDelayMs?: number;
  /** Jobs worked on at once. Default 8. */
  concurrency?: number;
  /** Export size when `params.size` is absent, bytes. Default 256 KiB. */
  defaultSize?: number;
  /** Largest accepted `params.size`, bytes (bigger is capped, with a warning). Default 256 MiB. */
  maxSizeBytes?: number;
  /** SSE heartbeat comment interval. Default 15 s. */
  heartbeatMs?: number;
  /** Fault injection, off by default. */
  faults?: Partial<FaultConfig>;
  /** Registers `GET/POST /api/_faults` to switch faults at runtime. Default true. */
  faultsAdmin?: boolean;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Absolute origin for download links (behind a proxy). Default: from the request's Host. */
  publicBaseUrl?: string;
  /** The job store seam (see jobStore.ts). Default: in memory. */
  store?: JobStore;
  /**
   * Who runs the exports (see jobQueue.ts). Default: an in-process worker of `concurrency`
   * slots. A shared queue (`scaleOut/bullQueue.ts`) goes with a shared `store`, `dataDir`
   * and `secret`, so that any process answers for any job.
   */
  queue?: JobQueue;
  /** The `Idempotency-Key` table. Default: in memory (see idempotencyKeys.ts); shared: `scaleOut/redisIdempotencyKeys.ts`. */
  idempotencyKeys?: IdempotencyKeys;
  /** Clock, for tests. */
  now?: () => number;
  /** Random source of fault injection, for tests. */
  random?: () => number;
  /** Fastify logger option. Default off. */
  logger?: FastifyServerOptions['logger'];
  /** A built web app served at `/` (index.html for unknown non-API GETs). */
  staticDir?: string;
  /**
   * Serve the OpenAPI 3.1 document of the API at `GET /api/openapi.json` (needs the optional
   * peer `@fastify/swagger`; without it the route is absent). Default true.
   */
  openapi?: boolean;
  /** Extra setup on the Fastify instance before the routes. */
  setup?(app: FastifyInstance): void | Promise<void>;
}

export interface ExportServer {
  app: FastifyInstance;
  faults: Faults;
  store: JobStore;
  dataDir: string;
  /** Listens on `host` (127.0.0.1) and `port` (0 = any free port). */
  listen(port?: number): Promise<{ url: string }>;
  /**
   * Graceful: new work refused (503), SSE streams ended, running jobs
   * stopped, in-flight downloads finish (connections still open after
   * `graceMs`, default 30 s, are cut).
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * The reference export server: the HTTP API of src/server/README.md on Fastify.
 *
 * @example
 * const server = createExportServer({ stageDelayMs: 20 });
 * const { url } = await server.listen(0);
 * // ... fetch(`${url}/api/exports`, { method: 'POST' }) ...
 * await server.close();
 */
export function createExportServer(options: ExportServerOptions = {}): ExportServer {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'redux-export-jobs-'));
  const now = options.now ?? Date.now;
  const jobTtlMs = options.jobTtlMs ?? 60 * 60 * 1000;
  const stageDelayMs = options.stageDelayMs ?? 750;
  const store = options.store ?? createMemoryJobStore();
  const faults = createFaults(options.faults, options.random);
  const secret = options.secret === undefined ? randomBytes(32) : Buffer.from(options.secret);
  const host = options.host ?? '127.0.0.1';
  const openStreams = new Set<() => void>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestIdHeader: false,
    frameworkErrors,
    clientErrorHandler,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  const lifecycle = createLifecycle({ store, dataDir, now, jobTtlMs });
  const worker =
    options.queue ??
    createWorker({
      store,
      lifecycle,
      dataDir,
      stageDelayMs,
      concurrency: options.concurrency ?? 8,
      onError: (error, jobId) => app.log.error({ err: error, jobId }, 'export job failed'),
    });

  // An empty body on a JSON request is "no body" (curl -X POST -H 'content-type: application/json').
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    defaultJson(request, body as string, done);
  });

  // Fault injection (never on the admin and health routes).
  app.addHook('onRequest', async (request, reply) => {
    const url = request.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/_faults') || url.startsWith('/api/health')) return;
    const config = faults.get();
    if (config.slowMs > 0) await sleep(config.slowMs);
    if (faults.roll(config.dropRate)) {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (faults.roll(config.errorRate)) {
      return reply
        .code(503)
        .header('Retry-After', '1')
        .send({ error: { code: 'fault_injected', message: 'Injected fault: service unavailable' } });
    }
  });

  // While shutting down, a connection is closed as soon as its response is done,
  // so keep-alive sockets don't hold `close()` open after the last download.
  app.addHook('onSend', async (request, reply, payload) => {
    if (closing) reply.header('Connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    if (closing) request.raw.socket?.end();
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).headers(error.headers).send({ error: { code: error.code, message: error.message } });
    }
    const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (e.validation) {
      return reply.code(400).send({ error: { code: 'bad_request', message: e.message ?? 'Invalid request' } });
    }
    if (status >= 400 && status < 500) {
      const code =
        e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
          ? 'invalid_json'
          : status === 413
            ? 'too_large'
            : status === 415
              ? 'unsupported_media_type'
              : 'bad_request';
      const message = code === 'invalid_json' ? 'The request body is not valid JSON' : status === 413 ? 'The request body is too large' : status === 415 ? 'Send the body as application/json' : 'The request is malformed';
      return reply.code(status).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the server' } });
  });

  app.setNotFoundHandler((request, reply) => {
    if (options.staticDir && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send({ error: { code: 'not_found', message: 'No such route' } });
  });

  const routeDeps = {
    store,
    lifecycle,
    worker,
    faults,
    dataDir,
    secret,
    now,
    linkTtlMs: options.linkTtlMs ?? 60_000,
    maxActivePerClient: options.maxActivePerClient ?? 4,
    maxJobs: options.maxJobs ?? 1000,
    defaultSize: options.defaultSize ?? 256 * 1024,
    maxSizeBytes: options.maxSizeBytes ?? 256 * 1024 * 1024,
    maxBytesPerClient: options.maxBytesPerClient ?? 1024 * 1024 * 1024,
    clientIdentity: options.clientIdentity ?? ((request: FastifyRequest) => `ip:${request.ip}`),
    stageDelayMs,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    faultsAdmin: options.faultsAdmin ?? true,
    idempotency: options.idempotencyKeys ?? createIdempotencyKeys({
      now,
      ...(options.idempotencyTtlMs !== undefined ? { ttlMs: options.idempotencyTtlMs } : {}),
      ...(options.maxIdempotencyKeys !== undefined ? { maxKeys: options.maxIdempotencyKeys } : {}),
    }),
    isClosing: () => closing,
    openStreams,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl.replace(/\/+$/, '') } : {}),
  };
  const ready = (async () => {
    await mkdir(dataDir, { recursive: true });
    await registerOpenApi(app, options.openapi ?? true);
    if (options.staticDir) {
      // Loaded only when needed: its content-disposition dependency is ESM-only (Node >= 20.19 loads it; Jest can't).
      const { default: fastifyStatic } = await import('@fastify/static');
      await app.register(fastifyStatic, { root: options.staticDir, prefix: '/', wildcard: false, index: ['index.html'] });
    }
    if (options.setup) await options.setup(app);
    registerRoutes(app, routeDeps);
  })();

  const sweepEvery = Math.max(1000, Math.min(jobTtlMs, 60_000));
  const sweeper = setInterval(() => void lifecycle.sweep().catch(() => undefined), sweepEvery);
  sweeper.unref();

  return {
    app,
    faults,
    store,
    dataDir,
    async listen(port = 0) {
      await ready;
      await app.listen({ host, port });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return { url: `http://${shownHost}:${actualPort}` };
    },
    close(closeOptions = {}) {
      closed ??= (async () => {
        closing = true;
        clearInterval(sweeper);
        await ready.catch(() => undefined);
        for (const end of [...openStreams]) end();
        await worker.close();
        const force = setTimeout(() => app.server.closeAllConnections(), closeOptions.graceMs ?? 30_000);
        force.unref();
        await app.close(); // waits for in-flight downloads
        clearTimeout(force);
        if (ownsDataDir) {
          await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
        } else if (options.store === undefined) {
          // The in-memory jobs die with this process, so do their files. A store of its own
          // (shared by other processes) keeps its jobs, and their files stay.
          for (const job of await store.list()) await rm(jobDir(dataDir, job.id), { recursive: true, force: true }).catch(() => undefined);
        }
      })();
      return closed;
    },
  };
}
