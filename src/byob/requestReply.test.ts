/**
 * Recipe (b) against a node:http server in the asynchronous request-reply
 * style: configuration alone gets one file per export, Retry-After paces
 * the polls, a failure and a cancel read right, and a reload (a fresh
 * transport) finds the result again at the status URL.
 */
import { createExportsStore } from '../../store/createExportsStore';
import { cancelRequested, startExport } from '../index';
import type { ExportJob } from '../index';
import { startRequestReplyServer } from '../../features/exports/testSupport/requestReplyServer';
import type { RequestReplyServer, RequestReplyServerOptions } from '../../features/exports/testSupport/requestReplyServer';
import { reportExports } from './requestReply';

let server: RequestReplyServer;
afterEach(() => server.close());

async function setup(options: RequestReplyServerOptions = {}) {
  server = await startRequestReplyServer(options);
  const saved: Array<{ name: string; text: Promise<string> }> = [];
  const saveFile = (blob: Blob, name: string) => void saved.push({ name, text: blob.text() });
  const bundle = createExportsStore({ transport: reportExports(server.url, () => 'secret', { saveFile }), storage: false, devTools: false, pollIntervalMs: 40 });
  const result = await bundle.store.dispatch(startExport({ scope: null, params: { report: 'sales' } }));
  if (!startExport.fulfilled.match(result)) throw new Error(`not started: ${JSON.stringify(result.payload)}`);
  const job = () => bundle.store.getState().exports.jobs.entities[result.payload.id];
  const record = () => bundle.store.getState().exports.downloadedJobIds[result.payload.id];
  return { ...bundle, saved, saveFile, id: result.payload.id, job, record };
}

const until = async (check: () => boolean, ms = 6_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('202 + Location, polled to a 303: one file, saved with its name, state done', async () => {
  const t = await setup();
  expect(t.id).toBe(`${server.url}/api/reports/operations/op1`);
  await until(() => t.record()?.status === 'done');
  await new Promise((r) => setTimeout(r, 200));
  expect(t.saved.map((s) => s.name)).toEqual(['op1.csv']);
  expect(await t.saved[0]!.text).toBe('report of op1');
  expect(t.job()).toMatchObject({ status: 'completed', progress: 100 });
  expect(server.requests.filter((r) => r.status === 202 && r.url.includes('/operations/')).length).toBeGreaterThan(0);
  expect(server.requests.filter((r) => r.status === 303)).toHaveLength(1);
  await t.dispose();
});

test("a 202's Retry-After paces the polls, above the engine's interval", async () => {
  const t = await setup({ durationMs: 2_500, retryAfterS: 1 });
  await until(() => t.record()?.status === 'done', 8_000);
  const polls = server.requests.filter((r) => r.method === 'GET' && r.url.includes('/operations/')).map((r) => r.at);
  const gaps = polls.slice(1).map((at, i) => at - polls[i]!);
  expect(polls.length).toBeLessThanOrEqual(4); // every 40 ms would be ~60
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
  expect(t.saved).toHaveLength(1);
  await t.dispose();
});

test('a status body that says failed: the job fails with its message, nothing is downloaded', async () => {
  const t = await setup({ completion: 'failed' });
  await until(() => t.job()?.status === 'failed');
  expect(t.job()?.error).toEqual({ code: 'export_failed', message: 'The report query timed out' });
  expect(t.saved).toEqual([]);
  await t.dispose();
});

test('cancel sends DELETE to the status URL; the job is cancelled, no file', async () => {
  const t = await setup({ durationMs: 2_000 });
  t.store.dispatch(cancelRequested({ id: t.id }));
  await until(() => t.job()?.status === 'cancelled');
  expect(server.requests.filter((r) => r.method === 'DELETE')).toEqual([expect.objectContaining({ url: '/api/reports/operations/op1', status: 204 })]);
  expect(t.saved).toEqual([]);
  await t.dispose();
});

test('after a reload a fresh transport finds the result by asking the status URL again', async () => {
  const t = await setup();
  await until(() => t.job()?.status === 'completed');
  const job = t.job() as ExportJob;
  await t.dispose();
  const saved: string[] = [];
  const fresh = reportExports(server.url, () => 'secret', { saveFile: (_blob, name) => void saved.push(name) });
  await expect(fresh.download(job, { signal: new AbortController().signal })).resolves.toEqual({ delivery: 'saved' });
  expect(saved).toEqual(['op1.csv']);
});
