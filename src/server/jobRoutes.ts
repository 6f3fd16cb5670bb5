import type { FastifyInstance } from 'fastify';
import { ApiError } from './apiError';
import * as R from './routeSchemas';
import type { RouteDeps } from './routes';
import { serveJobEvents } from './sse';
import { TERMINAL_STATUSES, toJobView } from './types';

type IdParams = { id: string };

/** A job's status, its event stream and its cancel (src/server/README.md, "SSE", "Cancel"). */
export function registerJobRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, lifecycle, worker } = deps;

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
}
