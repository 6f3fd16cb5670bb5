/**
 * The whole client side of the foreign backend (issue 15): the transport
 * kit (`createRestTransport`) for its routes and words, Bearer auth with one
 * refresh on a 401, and its Socket.IO events through `eventEmitterPush`.
 * The browser tests run the real panel on it.
 */
import type { ExportTransport } from '../../../model/types';
import { createRestTransport } from '../../../kit/createRestTransport';
import { mapStatus } from '../../../kit/mapStatus';
import { eventEmitterPush } from '../../../push/eventEmitterPush';
import type { EventEmitterSocket } from '../../../push/eventEmitterPush';

/** The session the app keeps: the access token and how to renew it. */
export interface Session {
  accessToken: string;
  /** Renews `accessToken`; resolves false when the session is over. */
  refresh(): Promise<boolean>;
}

const toStatus = mapStatus({ pending: 'pending', processing: 'running', completed: 'completed', failed: 'failed', cancelled: 'cancelled' });

export function createForeignTransport(socket: EventEmitterSocket, session: Session): ExportTransport {
  return createRestTransport({
    start: {
      route: 'POST /api/projects/{scope}/export',
      body: (req) => ({ options: req.params }),
      read: (body) => ({ id: String(body.jobId), status: 'pending' }),
    },
    status: 'GET /api/projects/{scope}/export/{jobId}/status',
    readJob: (body) => ({ status: toStatus(body.status), progress: Number(body.progress), ...(typeof body.message === 'string' ? { message: body.message } : {}) }),
    cancel: 'POST /api/projects/{scope}/export/{jobId}/cancel',
    download: { route: 'GET /api/projects/{scope}/export/{jobId}/download' },
    list: { route: 'GET /api/projects/{scope}/export/history', items: (body) => (body as { exports: unknown[] }).exports, read: (body) => ({ id: String(body.jobId), status: toStatus(body.status), progress: Number(body.progress) }) },
    auth: {
      headers: () => ({ Authorization: `Bearer ${session.accessToken}` }),
      onUnauthorized: () => session.refresh(),
    },
    push: eventEmitterPush({
      socket,
      events: { progress: 'export:progress', completed: 'export:completed', failed: 'export:failed', cancelled: 'export:cancelled' },
    }),
  });
}
