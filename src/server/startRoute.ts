import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sanitizeFileName } from '../../features/exports/http/sanitizeFileName';
import { ApiError } from './apiError';
import { newJobId } from './ids';
import { IDEMPOTENCY_KEY_RE } from './idempotencyKeys';
import * as R from './routeSchemas';
import type { RouteDeps } from './routes';
import type { ExportParams, ServerJob, StageName } from './types';
import { ACTIVE_STATUSES, toJobView } from './types';

interface StartBody {
  scope?: string | null;
  fileName?: string;
  params?: Record<string, unknown> | null;
}

const KNOWN_PARAMS = new Set(['size', 'compress', 'failAt']);

/**
 * `POST /api/exports`: the per-client limits (active exports, bytes), the job cap,
 * `Idempotency-Key` replays, and the new job (src/server/README.md, "Limits").
 */
export function registerStartRoute(app: FastifyInstance, deps: RouteDeps): void {
  const { store, lifecycle, worker, now } = deps;

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
        const claim = await deps.idempotency.claim(clientId, key, body);
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
    await worker.enqueue(job.id);
    return job;
  }
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
