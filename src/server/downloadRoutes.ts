import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './apiError';
import { serveJobFile } from './fileDownload';
import * as R from './routeSchemas';
import type { RouteDeps } from './routes';
import { newDeliveryId, signDownloadToken, verifyDownloadToken } from './signing';
import type { ServerJob } from './types';

type IdParams = { id: string };

/** The signed link and the file it opens (src/server/README.md, "Downloads"). */
export function registerDownloadRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { lifecycle, now } = deps;

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
}

function assertReady(job: ServerJob): void {
  if (job.status === 'completed') return;
  if (job.status === 'failed' || job.status === 'cancelled') {
    throw new ApiError(409, 'not_ready', `This export ${job.status === 'failed' ? 'failed' : 'was cancelled'}; it has no file`);
  }
  throw new ApiError(409, 'not_ready', 'This export is not finished yet');
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
