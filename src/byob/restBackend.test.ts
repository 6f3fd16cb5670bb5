/**
 * Recipe (a) against a fastify stub of the issue-15 API (no push: the
 * engine polls): what a user sees (files saved, state) and what the server
 * saw (requests), through a real store.
 */
import { createExportsStore } from '../../store/createExportsStore';
import { cancelRequested, downloadRequested, historyRequested, startExport } from '../index';
import type { ExportsRootState } from '../index';
import { startForeignExportApi } from '../../features/exports/testSupport/foreignExportApi';
import type { ForeignExportApi } from '../../features/exports/testSupport/foreignExportApi';
import { projectExports } from './restBackend';
import type { Session } from './restBackend';

let api: ForeignExportApi;
beforeEach(async () => {
  api = await startForeignExportApi({ durationMs: 300 });
});
afterEach(() => api.close());

/** The app's session: the token it signed in with, and its refresh call. */
function sessionFor(server: ForeignExportApi): Session & { refreshes: number } {
  let token = server.token();
  const session = {
    refreshes: 0,
    token: () => token,
    async refresh() {
      session.refreshes++;
      const answer = await fetch(`${server.url}/api/auth/refresh`, { method: 'POST' });
      if (!answer.ok) return false;
      token = ((await answer.json()) as { token: string }).token;
      return true;
    },
  };
  return session;
}

function setup(session: Session) {
  const saved: Array<{ name: string; text: Promise<string> }> = [];
  const saveFile = (blob: Blob, name: string) => void saved.push({ name, text: blob.text() });
  const bundle = createExportsStore({ transport: projectExports(api.url, session, { saveFile }), storage: false, devTools: false, pollIntervalMs: 40 });
  const start = async (projectId: string) => {
    const result = await bundle.store.dispatch(startExport({ scope: projectId, params: { annotationFormats: ['coco'], metricsFormats: [], includeOriginalImages: false } }));
    return result;
  };
  return { ...bundle, saved, start, state: (): ExportsRootState['exports'] => bundle.store.getState().exports };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const requestsTo = (path: RegExp) => api.requests.filter((r) => path.test(r.url));

test('an export on the foreign API is polled to completion and its ZIP saved once, through the Bearer', async () => {
  const t = setup(sessionFor(api));
  const result = await t.start('p1');
  if (!startExport.fulfilled.match(result)) throw new Error('not started');
  const id = result.payload.id;
  await until(() => t.state().downloadedJobIds[id]?.status === 'done');
  await new Promise((r) => setTimeout(r, 200)); // nothing more comes
  expect(t.saved.map((s) => s.name)).toEqual(['project-p1.zip']);
  expect(await t.saved[0]!.text).toBe(`PK-fake-zip-of-${id}`);
  expect(t.state().jobs.entities[id]).toMatchObject({ status: 'completed', progress: 100, scope: 'p1' });
  expect(t.state().downloadedJobIds[id]).toMatchObject({ status: 'done', confirmed: true });
  expect(requestsTo(/\/download$/)).toEqual([{ method: 'GET', url: `/api/projects/p1/export/${id}/download`, status: 200 }]);
  await t.dispose();
});

test('an expired token is refreshed once and the request sent again: one download', async () => {
  const session = sessionFor(api);
  const t = setup(session);
  const result = await t.start('p2');
  if (!startExport.fulfilled.match(result)) throw new Error('not started');
  api.expireToken();
  await until(() => t.state().downloadedJobIds[result.payload.id]?.status === 'done');
  expect(session.refreshes).toBe(1);
  expect(t.saved).toHaveLength(1);
  expect(api.requests.filter((r) => r.status === 401)).toHaveLength(1);
  await t.dispose();
});

test('a revoked session: one request, one refresh, no loop, and "sign in again"', async () => {
  const session = sessionFor(api);
  api.expireToken();
  api.revokeRefresh();
  const t = setup(session);
  const result = await t.start('p3');
  expect(startExport.rejected.match(result)).toBe(true);
  expect(result.payload).toEqual({ code: 'unauthorized', message: 'Your session has ended. Sign in again, then try again.' });
  await new Promise((r) => setTimeout(r, 300));
  expect(requestsTo(/\/export$/)).toEqual([{ method: 'POST', url: '/api/projects/p3/export', status: 401 }]);
  expect(session.refreshes).toBe(1);
  await t.dispose();
});

test('cancel: the server is asked once, the job is cancelled, nothing is downloaded', async () => {
  const t = setup(sessionFor(api));
  const result = await t.start('p4');
  if (!startExport.fulfilled.match(result)) throw new Error('not started');
  const id = result.payload.id;
  t.store.dispatch(cancelRequested({ id }));
  await until(() => t.state().jobs.entities[id]?.status === 'cancelled');
  await new Promise((r) => setTimeout(r, 500)); // past the job's own completion time
  expect(api.jobs.get(id)?.status).toBe('cancelled');
  expect(requestsTo(/\/cancel$/)).toHaveLength(1);
  expect(t.saved).toEqual([]);
  await t.dispose();
});

test('history: jobs started elsewhere appear, the running one is watched; 0 automatic downloads, one per click', async () => {
  const done = api.seedJob('p5', 10_000);
  const running = api.seedJob('p5', 100);
  const t = setup(sessionFor(api));
  await t.ready;
  t.store.dispatch(historyRequested({ scope: 'p5' }));
  await until(() => t.state().jobs.entities[running.jobId]?.status === 'completed');
  await new Promise((r) => setTimeout(r, 300));
  expect(t.state().jobs.entities[done.jobId]).toMatchObject({ status: 'completed', origin: 'server', autoDownload: false, scope: 'p5' });
  expect(t.state().jobs.entities[running.jobId]).toMatchObject({ origin: 'server', autoDownload: false });
  expect(t.saved).toEqual([]);
  expect(t.state().downloadedJobIds).toEqual({});
  t.store.dispatch(downloadRequested({ id: done.jobId }));
  await until(() => t.state().downloadedJobIds[done.jobId]?.status === 'done');
  expect(t.saved.map((s) => s.name)).toEqual(['project-p5.zip']);
  await t.dispose();
});

test('a session that ends while a job runs: each status poll is one request and one refresh, and the polls back off', async () => {
  const session = sessionFor(api);
  const t = setup(session);
  const result = await t.start('p6');
  if (!startExport.fulfilled.match(result)) throw new Error('not started');
  api.expireToken();
  api.revokeRefresh();
  await new Promise((r) => setTimeout(r, 1_500));
  const polls = requestsTo(/\/status$/).filter((r) => r.status === 401);
  expect(polls.length).toBeGreaterThan(0);
  expect(polls.length).toBeLessThanOrEqual(7); // 1 500 ms at a 40 ms interval would be ~37 without the backoff
  expect(session.refreshes).toBe(polls.length);
  expect(t.saved).toEqual([]);
  await t.dispose();
});
