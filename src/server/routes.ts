import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sanitizeFileName } from '../../features/exports/http/sanitizeFileName';
import { ApiError } from './apiError';
import type { Faults, FaultConfig } from './faults';
import { newJobId } from './ids';
import { IDEMPOTENCY_KEY_RE } from './idempotencyKeys';
import type { IdempotencyKeys } from './idempotencyKeys';
import type { JobStore } from './jobStore';
import type { Lifecycle } from './lifecycle';
import { serveJobFile } from './fileDownload';
import * as R from './routeSchemas';
import { serveJobEvents } from './sse';
import { newDeliveryId, signDownloadToken, verifyDownloadToken } from './signing';
import type { ExportParams, ServerJob, StageName } from './types';
import { ACTIVE_STATUSES, TERMINAL_STATUSES, toJobView } from './types';
import type { Worker } from './worker';

export interface RouteDeps {
  store: JobStore;
  lifecycle: Lifecycle;
  worker: Worker;
  faults: Faults;
  dataDir: string;
  secret: Buffer;
  now: () => number;
  linkTtlMs: number;
  maxActivePerClient: number;
  maxBytesPerClient: number;
  maxJobs: number;
  /** Who a request comes from, for the per-client limits and Idempotency-Key (a deployment hook). */
  clientIdentity(request: FastifyRequest): string;
  defaultSize: number;
  maxSizeBytes: number;
  stageDelayMs: number;
  heartbeatMs: number;
  faultsAdmin: boolean;
  publicBaseUrl?: string;
  idempotency: IdempotencyKeys;
  isClosing(): boolean;
  openStreams: Set<() => void>;
}

interface StartBody {
  scope?: string | null;
  fileName?: string;
  params?: Record<string, unknown> | null;
}
type IdParams = { id: string };

const KNOWN_PARAMS = new Set(['size', 'compress', 'failAt']);

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, lifecycle, worker, now } = deps;

  app.get('/api/health', { schema: R.health }, async () => ({ ok: true }));

  app.post<{ Body: StartBody | undefined }>(
    '/api/exports',
    {
      schema: R.startExport,
      // No body at all means "all defaults" (curl -X POST).
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request, reply) => {
      if (deps.isClosing()) throw new ApiError(503, 'shutting_down', 'The server is shutting down; try again shortly', { 'Retry-After': '5' });
      const body = request.body ?? {};
      const clientId = deps.clientIdentity(request);
      const key = idempotencyKeyOf(request);
      let job: ServerJob;
      if (key === undefined) {
        job = await startJob(body, clientId);
      } else {
        const claim = deps.idempotency.claim(clientId, key, body);
        if (claim.kind === 'mismatch') {
          throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with another request body');
        }
        if (claim.kind === 'replay') {
          const firstId = await claim.jobId;
          if (firstId === undefined) throw new ApiError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key failed just now; retry it');
          job = await lifecycle.lookup(firstId);
          reply.header('Idempotent-Replayed', 'true');
        } else {
          try {
            job = await startJob(body, clientId);
            claim.settle(job.id);
          } catch (error) {
            claim.settle(undefined);
            throw error;
          }
        }
      }
      reply.code(202).header('Location', `/api/exports/${job.id}`).header('Cache-Control', 'no-store');
      return { job: toJobView(job) };
    },
  );

  /** 429 when the client's running and stored exports plus this one would exceed `maxBytesPerClient`. */
  async function assertBytesAvailable(clientId: string, size: number): Promise<void> {
    const t = now();
    let held = 0;
    let soonestFree = Number.POSITIVE_INFINITY;
    for (const job of await store.list()) {
      if (job.clientId !== clientId) continue;
      if (ACTIVE_STATUSES.has(job.status)) {
        held += job.params.size;
        soonestFree = Math.min(soonestFree, t + deps.stageDelayMs * 4);
      } else if (job.status === 'completed') {
        held += job.size ?? job.params.size;
        if (job.deleteAt !== undefined) soonestFree = Math.min(soonestFree, job.deleteAt);
      }
    }
    if (held + size <= deps.maxBytesPerClient) return;
    const seconds = Number.isFinite(soonestFree) ? Math.max(1, Math.ceil((soonestFree - t) / 1000)) : 60;
    throw new ApiError(
      429,
      'too_much_data',
      `Your running and stored exports may hold at most ${deps.maxBytesPerClient} bytes; wait for one to finish or expire`,
      { 'Retry-After': String(seconds) },
    );
  }

  async function startJob(body: StartBody, clientId: string): Promise<ServerJob> {
    const active = await store.countActive(clientId);
    if (active >= deps.maxActivePerClient) {
      const seconds = Math.max(1, Math.ceil((deps.stageDelayMs * 4) / 1000));
      throw new ApiError(
        429,
        'too_many_active_exports',
        `At most ${deps.maxActivePerClient} exports may run at once; wait for one to finish`,
        { 'Retry-After': String(seconds) },
      );
    }
    const warnings: string[] = [];
    const raw = body.params ?? {};
    for (const key of Object.keys(raw)) if (!KNOWN_PARAMS.has(key)) warnings.push(`Unknown parameter "${key}" was ignored`);
    let size = typeof raw.size === 'number' ? raw.size : deps.defaultSize;
    if (size > deps.maxSizeBytes) {
      warnings.push(`size was capped at ${deps.maxSizeBytes} bytes`);
      size = deps.maxSizeBytes;
    }
    await assertBytesAvailable(clientId, size);
    if ((await store.count()) >= deps.maxJobs) {
      // Finished jobs never make the server refuse work: expired ones go, then the oldest finished.
      await lifecycle.sweep();
      const over = (await store.count()) - deps.maxJobs + 1;
      if (over > 0) await lifecycle.evictFinished(over);
      if ((await store.count()) >= deps.maxJobs) {
        throw new ApiError(503, 'busy', 'The server runs too many exports; try again later', { 'Retry-After': '30' });
      }
    }
    const params: ExportParams = { size, compress: raw.compress !== false };
    if (typeof raw.failAt === 'string') params.failAt = raw.failAt as StageName;

    const scope = body.scope ?? null;
    const t = now();
    const fileName = ensureZip(
      sanitizeFileName(body.fileName ?? `export-${scope ?? 'all'}-${new Date(t).toISOString().slice(0, 10)}.zip`, {
        fallback: 'export.zip',
      }),
    );
    const job: ServerJob = {
      id: newJobId(),
      scope,
      label: scope ? `Export of ${scope}` : 'Export',
      status: 'pending',
      progress: 0,
      stage: 'queued',
      message: 'Waiting for a worker',
      fileName,
      warnings,
      createdAt: t,
      updatedAt: t,
      clientId,
      params,
    };
    await store.insert(job);
    await store.appendEvent(job.id, 'progress', toJobView(job));
    worker.enqueue(job.id);
    return job;
  }

  app.get<{ Params: IdParams }>(
    '/api/exports/:id',
    { schema: R.getExport },
    async (request, reply) => {
      const job = await lifecycle.lookup(request.params.id);
      reply.header('Cache-Control', 'no-store');
      return { job: toJobView(job) };
    },
  );

  app.get<{ Params: IdParams; Querystring: { lastEventId?: string } }>(
    '/api/exports/:id/events',
    { schema: R.exportEvents },
    async (request, reply) => {
      const header = request.headers['last-event-id'];
      const rawLast = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
      let lastEventId = 0;
      if (rawLast !== undefined && rawLast !== '') {
        if (!/^[0-9]{1,15}$/.test(rawLast)) throw new ApiError(400, 'bad_request', 'Last-Event-ID must be a non-negative integer');
        lastEventId = Number(rawLast);
      }
      const job = await lifecycle.lookup(request.params.id);
      await serveJobEvents(request, reply, job, lastEventId, {
        store,
        faults: deps.faults,
        heartbeatMs: deps.heartbeatMs,
        retryMs: 1000,
        open: deps.openStreams,
      });
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/exports/:id/cancel',
    { schema: R.cancelExport },
    async (request) => {
      const job = await lifecycle.lookup(request.params.id);
      if (job.status === 'completed') throw new ApiError(409, 'already_completed', 'This export has already completed');
      if (TERMINAL_STATUSES.has(job.status)) return { job: toJobView(job) }; // idempotent
      const cancelled = await lifecycle.transition(job.id, { status: 'cancelled', message: 'Cancelled' }, 'cancelled');
      await worker.cancel(job.id); // stops the work and removes partial output
      const latest = cancelled ?? (await lifecycle.lookup(job.id));
      if (latest.status === 'completed') throw new ApiError(409, 'already_completed', 'This export has already completed');
      return { job: toJobView(latest) };
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/exports/:id/link',
    { schema: R.createLink },
    async (request, reply) => {
      const job = await lifecycle.lookup(request.params.id);
      assertReady(job);
      const expiresAt = now() + deps.linkTtlMs;
      const deliveryId = newDeliveryId();
      const token = signDownloadToken(deps.secret, job.id, expiresAt, deliveryId);
      const path = `/api/exports/${job.id}/file?token=${encodeURIComponent(token)}`;
      reply.header('Cache-Control', 'no-store');
      return { url: `${deps.publicBaseUrl ?? originOf(request)}${path}`, expiresAt, deliveryId };
    },
  );

  app.get<{ Params: IdParams; Querystring: { token?: string } }>(
    '/api/exports/:id/file',
    { schema: R.downloadFile },
    async (request, reply) => {
      const token = request.query.token ?? bearer(request);
      if (!token) {
        throw new ApiError(401, 'unauthorized', 'A download token is required (?token= or Authorization: Bearer)', {
          'WWW-Authenticate': 'Bearer',
        });
      }
      const check = verifyDownloadToken(deps.secret, request.params.id, token, now());
      if (!check.ok) {
        throw check.reason === 'expired'
          ? new ApiError(403, 'token_expired', 'This download link has expired; ask for a new one')
          : new ApiError(403, 'invalid_token', 'This download link is not valid');
      }
      const job = await lifecycle.lookup(request.params.id);
      assertReady(job);
      return serveJobFile(request, reply, job, check.deliveryId, { dataDir: deps.dataDir, lifecycle });
    },
  );

  if (deps.faultsAdmin) {
    app.get('/api/_faults', { schema: R.getFaults }, async () => ({ faults: deps.faults.get() }));
    app.post<{ Body: Partial<FaultConfig> | undefined }>('/api/_faults', { schema: R.setFaults }, async (request) => ({
      faults: deps.faults.set(request.body ?? {}),
    }));
  }
}

function assertReady(job: ServerJob): void {
  if (job.status === 'completed') return;
  if (job.status === 'failed' || job.status === 'cancelled') {
    throw new ApiError(409, 'not_ready', `This export ${job.status === 'failed' ? 'failed' : 'was cancelled'}; it has no file`);
  }
  throw new ApiError(409, 'not_ready', 'This export is not finished yet');
}

function ensureZip(name: string): string {
  return /\.zip$/i.test(name) ? name : `${name}.zip`;
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!IDEMPOTENCY_KEY_RE.test(value)) {
    throw new ApiError(400, 'bad_request', 'Idempotency-Key must be 1-200 letters, digits or _.:-');
  }
  return value;
}

function bearer(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return match?.[1];
}

/** The origin the client used, from `Host` (only a well-formed host:port is trusted). */
function originOf(request: FastifyRequest): string {
  const host = request.headers.host ?? '';
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:.]+\](:\d{1,5})?$/.test(host)) return '';
  return `${request.protocol}://${host}`;
}
