/**
 * The foreign backend's public API, as the app whose bug started this
 * project has it (issue 15): per project, a start that answers `{ jobId }`,
 * a status in its own words, a cancel, a history, and a download that
 * answers the ZIP itself, Bearer token required (no signed links).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ForeignAuth } from './foreignAuth';
import type { ExportOptions, ForeignJob, ForeignJobs } from './foreignJobs';
import { exportFileName, exportZip } from './foreignZip';

export interface ForeignRouteDeps {
  auth: ForeignAuth;
  jobs: ForeignJobs;
  /** Called with a new job before its start is answered (the test switches act here). */
  beforeStartAnswer(job: ForeignJob): void;
}

type JobParams = { projectId: string; jobId: string };

const statusOf = (job: ForeignJob) => ({ status: job.status, progress: job.progress, ...(job.message ? { message: job.message } : {}) });

function readOptions(body: unknown): ExportOptions | undefined {
  const options = (body as { options?: Partial<ExportOptions> } | null)?.options;
  if (!options || !Array.isArray(options.annotationFormats) || !Array.isArray(options.metricsFormats)) return undefined;
  return { annotationFormats: options.annotationFormats.map(String), metricsFormats: options.metricsFormats.map(String), includeOriginalImages: options.includeOriginalImages === true };
}

export function registerForeignRoutes(app: FastifyInstance, deps: ForeignRouteDeps): void {
  const { auth, jobs } = deps;
  app.post('/api/auth/login', async () => auth.login());
  app.post('/api/auth/refresh', async (request, reply) => {
    const token = auth.refresh(String((request.body as { refreshToken?: unknown } | null)?.refreshToken ?? ''));
    return token ? { accessToken: token } : reply.code(401).send({ error: 'Refresh token revoked' });
  });

  const guarded = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!auth.check(request.headers.authorization)) return reply.code(401).send({ error: 'Unauthorized' });
  };
  const found = (request: FastifyRequest<{ Params: JobParams }>, reply: FastifyReply): ForeignJob | undefined => {
    const job = jobs.get(request.params.projectId, request.params.jobId);
    if (!job) void reply.code(404).send({ error: 'Export not found' });
    return job;
  };

  app.post<{ Params: { projectId: string } }>('/api/projects/:projectId/export', { preHandler: guarded }, async (request, reply) => {
    const options = readOptions(request.body);
    if (!options) return reply.code(400).send({ error: 'options are required' });
    const job = jobs.create(request.params.projectId, options);
    deps.beforeStartAnswer(job);
    return { jobId: job.jobId };
  });
  app.get<{ Params: { projectId: string } }>('/api/projects/:projectId/export/history', { preHandler: guarded }, async (request) =>
    jobs.list(request.params.projectId).map((job) => ({ jobId: job.jobId, ...statusOf(job), createdAt: job.createdAt, completedAt: job.completedAt ?? null })),
  );
  app.get<{ Params: JobParams }>('/api/projects/:projectId/export/:jobId/status', { preHandler: guarded }, async (request, reply) => {
    const job = found(request, reply);
    return job ? statusOf(job) : reply;
  });
  app.post<{ Params: JobParams }>('/api/projects/:projectId/export/:jobId/cancel', { preHandler: guarded }, async (request, reply) => {
    const job = found(request, reply);
    if (!job) return reply;
    jobs.cancel(job);
    return { success: job.status === 'cancelled', ...statusOf(job) };
  });
  app.get<{ Params: JobParams }>('/api/projects/:projectId/export/:jobId/download', { preHandler: guarded }, async (request, reply) => {
    const job = found(request, reply);
    if (!job) return reply;
    if (job.status !== 'completed') return reply.code(409).send({ error: `Export is ${job.status}` });
    const body = await exportZip(job);
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="${exportFileName(job)}"`)
      .header('Content-Length', body.length)
      .send(body);
  });
}
