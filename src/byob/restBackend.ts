/**
 * Recipe (a), "Bring your own backend" in README.md: a REST export API
 * with its own routes and status names, a ZIP behind `Authorization:
 * Bearer` (no signed links), and a token that is refreshed once on a 401.
 * The API is the one in issue 15: `/api/projects/:projectId/export...`.
 * In an app, import from 'redux-export-jobs/rest'.
 */
import type { ExportTransport } from '../index';
import { createRestTransport, mapStatus } from '../rest';
import type { RestTransportOptions } from '../rest';

/** The app's own session: its token, and how it renews it (resolves false when the user must sign in again). */
export interface Session {
  token(): string;
  refresh(): Promise<boolean>;
}

// configuration: begins
const toStatus = mapStatus({ pending: 'pending', processing: 'running', completed: 'completed', failed: 'failed', cancelled: 'cancelled' });

/** `more`: a push adapter (`push`), or where files go in tests (`saveFile`). */
export const projectExports = (baseUrl: string, session: Session, more: Partial<RestTransportOptions> = {}): ExportTransport =>
  createRestTransport({
    baseUrl,
    start: {
      route: 'POST /api/projects/{scope}/export',
      body: (req) => ({ options: req.params }),
      read: (body) => ({ id: String(body.jobId), status: 'pending' }),
    },
    status: 'GET /api/projects/{scope}/export/{jobId}/status',
    readJob: (body) => ({ id: body.jobId as string | undefined, status: toStatus(body.status), progress: Number(body.progress), message: body.message as string | undefined }),
    cancel: 'POST /api/projects/{scope}/export/{jobId}/cancel',
    download: { route: 'GET /api/projects/{scope}/export/{jobId}/download' }, // blob, with the Bearer
    list: { route: 'GET /api/projects/{scope}/export/history' },
    auth: { headers: () => ({ Authorization: `Bearer ${session.token()}` }), onUnauthorized: () => session.refresh() },
    ...more,
  });
// configuration: ends
