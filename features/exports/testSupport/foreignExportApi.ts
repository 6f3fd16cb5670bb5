/**
 * A test backend shaped nothing like the reference API: the export routes
 * of the app in issue 15 (`/api/projects/:projectId/export...`), its status
 * names, progress 0..100, a ZIP behind `Authorization: Bearer` (no signed
 * links), a history, a short-lived token and a refresh endpoint. No push:
 * the kit polls it. Jobs advance on the clock: `durationMs` after the start
 * they are `completed`.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ForeignJob {
  jobId: string;
  projectId: string;
  status: 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';
  startedAt: number;
  fileName: string;
}

export interface ForeignApiOptions {
  /** How long a job runs. Default 300 ms. */
  durationMs?: number;
}

export async function startForeignExportApi(options: ForeignApiOptions = {}) {
  const durationMs = options.durationMs ?? 300;
  const jobs = new Map<string, ForeignJob>();
  const requests: Array<{ method: string; url: string; status: number }> = [];
  let token = 'token-1';
  let refreshWorks = true;
  let issued = 1;
  const app = Fastify();

  const progressOf = (job: ForeignJob): number => Math.min(100, Math.round(((Date.now() - job.startedAt) / durationMs) * 100));
  const statusOf = (job: ForeignJob): ForeignJob['status'] => {
    if (job.status !== 'pending' && job.status !== 'processing') return job.status;
    const progress = progressOf(job);
    if (progress >= 100) job.status = 'completed';
    else if (progress > 0) job.status = 'processing';
    return job.status;
  };
  const authorized = (request: FastifyRequest) => request.headers.authorization === `Bearer ${token}`;
  app.addHook('onResponse', async (request, reply) => void requests.push({ method: request.method, url: request.url, status: reply.statusCode }));
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/auth/')) return;
    if (!authorized(request)) return reply.code(401).send({ message: 'Token expired' });
  });
  app.post('/api/auth/refresh', async (_request, reply) => {
    if (!refreshWorks) return reply.code(401).send({ message: 'Refresh token revoked' });
    token = `token-${++issued}`;
    return { token };
  });

  addExportRoutes(app, jobs, statusOf, progressOf);

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  return {
    url,
    jobs,
    requests,
    /** The token a client holds now (what a sign-in would give). */
    token: () => token,
    /** The current token stops working; a refresh gives a new one. */
    expireToken: () => void (token = `token-${++issued}`),
    /** Refreshing fails from now on (the session is over). */
    revokeRefresh: () => void (refreshWorks = false),
    /** A job this browser did not start (another device, or before storage was cleared). */
    seedJob: (projectId: string, ageMs: number): ForeignJob => {
      const job: ForeignJob = { jobId: randomUUID(), projectId, status: 'pending', startedAt: Date.now() - ageMs, fileName: `project-${projectId}.zip` };
      jobs.set(job.jobId, job);
      return job;
    },
    close: () => app.close(),
  };
}
/** The export routes of the issue-15 API, on `app`. */
function addExportRoutes(
  app: FastifyInstance,
  jobs: Map<string, ForeignJob>,
  statusOf: (job: ForeignJob) => ForeignJob['status'],
  progressOf: (job: ForeignJob) => number,
): void {
  type JobParams = { projectId: string; jobId: string };
  const find = (request: FastifyRequest, reply: FastifyReply): ForeignJob | undefined => {
    const { projectId, jobId } = request.params as JobParams;
    const job = jobs.get(jobId);
    if (!job || job.projectId !== projectId) void reply.code(404).send({ message: 'Export not found' });
    return job;
  };
  app.post('/api/projects/:projectId/export', async (request) => {
    const { projectId } = request.params as { projectId: string };
    const body = request.body as { options?: { annotationFormats?: string[] } } | undefined;
    if (!Array.isArray(body?.options?.annotationFormats)) throw Object.assign(new Error('options.annotationFormats is required'), { statusCode: 400 });
    const job: ForeignJob = { jobId: randomUUID(), projectId, status: 'pending', startedAt: Date.now(), fileName: `project-${projectId}.zip` };
    jobs.set(job.jobId, job);
    return { jobId: job.jobId };
  });
  app.get('/api/projects/:projectId/export/history', async (request) => {
    const { projectId } = request.params as { projectId: string };
    return [...jobs.values()]
      .filter((job) => job.projectId === projectId)
      .map((job) => ({ jobId: job.jobId, status: statusOf(job), progress: progressOf(job), createdAt: new Date(job.startedAt).toISOString() }));
  });
  app.get('/api/projects/:projectId/export/:jobId/status', async (request, reply) => {
    const job = find(request, reply);
    if (!job) return reply;
    const status = statusOf(job);
    return { status, progress: status === 'completed' ? 100 : progressOf(job), ...(status === 'processing' ? { message: 'Packing annotations' } : {}) };
  });
  app.post('/api/projects/:projectId/export/:jobId/cancel', async (request, reply) => {
    const job = find(request, reply);
    if (!job) return reply;
    if (statusOf(job) === 'completed') return reply.code(409).send({ message: 'Already completed' });
    job.status = 'cancelled';
    return { success: true };
  });
  app.get('/api/projects/:projectId/export/:jobId/download', async (request, reply) => {
    const job = find(request, reply);
    if (!job) return reply;
    if (statusOf(job) !== 'completed') return reply.code(409).send({ message: 'Not ready' });
    const body = Buffer.from(`PK-fake-zip-of-${job.jobId}`);
    return reply
      .header('Content-Type', 'application/zip')
      .header('Content-Length', String(body.length))
      .header('Content-Disposition', `attachment; filename="${job.fileName}"`)
      .send(body);
  });
}

export type ForeignExportApi = Awaited<ReturnType<typeof startForeignExportApi>>;
