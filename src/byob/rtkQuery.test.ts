/**
 * Recipe (c) against the reference server, which here wants a Bearer
 * token on every API route (a hook; the signed file link carries its own
 * token): the app's baseQuery makes every request, one file arrives, the
 * state says done (only "sent to your browser": no receipts through RTK
 * Query), and RTK Query's cache keeps nothing of it.
 */
import { createExportServer } from '../server/createExportServer';
import type { ExportServer } from '../server/createExportServer';
import { startExport } from '../index';
import { createAppStore } from './rtkQuery';

let server: ExportServer;
let base: string;
const seen: Array<{ url: string; auth: string | undefined }> = [];

beforeAll(async () => {
  server = createExportServer({
    stageDelayMs: 20,
    setup(app) {
      app.addHook('onRequest', async (request, reply) => {
        if (!request.url.startsWith('/api/exports')) return;
        seen.push({ url: request.url, auth: request.headers.authorization });
        if (/\/file(\?|$)/.test(request.url)) return; // the signed link is its own credential
        if (request.headers.authorization !== 'Bearer s3cret') return reply.code(401).send({ error: { code: 'unauthorized', message: 'No session' } });
      });
    },
  });
  ({ url: base } = await server.listen(0));
});
afterAll(() => server.close());
beforeEach(() => void (seen.length = 0));

const until = async (check: () => boolean, ms = 8_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('through the app’s RTK Query endpoints: one file, state done, every API request authorized by its baseQuery', async () => {
  const files: number[] = [];
  const openUrl = async (url: string) => void files.push((await (await fetch(url)).arrayBuffer()).byteLength);
  const { store, stop } = createAppStore(base, () => 's3cret', { openUrl });
  const result = await store.dispatch(startExport({ scope: 'p1', fileName: 'p1.zip', params: { size: 2_000 } }));
  if (!startExport.fulfilled.match(result)) throw new Error(`not started: ${JSON.stringify(result.payload)}`);
  const id = result.payload.id;
  await until(() => store.getState().exports.downloadedJobIds[id]?.status === 'done');
  await new Promise((r) => setTimeout(r, 300));
  const job = store.getState().exports.jobs.entities[id];
  expect(job).toMatchObject({ status: 'completed', fileName: 'p1.zip' });
  expect(files).toEqual([job?.size]);
  expect(store.getState().exports.downloadedJobIds[id]).toMatchObject({ status: 'done', confirmed: false });
  const apiCalls = seen.filter((r) => !r.url.includes('/file'));
  expect(apiCalls.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/exports', `/api/exports/${id}`, `/api/exports/${id}/link`]));
  expect(apiCalls.every((r) => r.auth === 'Bearer s3cret')).toBe(true);
  // Nothing left in RTK Query's cache: mutations untracked, the status query unsubscribed (keepUnusedDataFor: 0).
  expect(store.getState().api.mutations).toEqual({});
  expect(store.getState().api.queries).toEqual({});
  await stop();
});

test('a baseQuery whose token the server refuses: the start fails as unauthorized, one request, no retry', async () => {
  const { store, stop } = createAppStore(base, () => 'wrong', { openUrl: () => undefined });
  const result = await store.dispatch(startExport({ scope: 'p2' }));
  expect(startExport.rejected.match(result) && result.payload).toEqual({ code: 'unauthorized', message: 'No session' });
  await new Promise((r) => setTimeout(r, 300));
  expect(seen.map((r) => r.url)).toEqual(['/api/exports']);
  await stop();
});
