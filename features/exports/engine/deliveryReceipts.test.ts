/**
 * Delivery receipts (docs/design.md#delivery): in link mode a download is
 * "Downloaded" only when the server's receipt says every byte was sent. A
 * file the browser did not get is fetched again with a fresh link, inside
 * the same claim and its budget; a reload asks the server what became of
 * the handed-over link instead of guessing.
 */
import { jobCompleted } from '../model/exportsSlice';
import { defaultExportTexts } from '../react/texts';
import { describeJob } from '../react/describeJob';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { MemoryTransport } from '../testkit/createMemoryTransport';
import { createSharedStorage, openPage } from '../testSupport/reloadHarness';
import { makeTestStore, settle, startJob } from '../testSupport/testStore';
import type { ExportsRootState } from '../model/types';
import { startExport } from './startExport';

const FAST = { deliveryPollIntervalMs: 5, deliveryDeadlineMs: 60, deliveryResumeGraceMs: 30, retryBaseDelayMs: 1, retryMaxDelayMs: 1 };

const until = async (what: string, check: () => boolean, ms = 2_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const recordOf = (state: ExportsRootState, id: string) => state.exports.downloadedJobIds[id];
const rowText = (state: ExportsRootState, id: string): string =>
  describeJob(state.exports.jobs.entities[id]!, recordOf(state, id), defaultExportTexts).statusText;

async function completedJob(transport: MemoryTransport, options: Record<string, unknown> = {}) {
  const t = makeTestStore({ transport, ...FAST, ...options });
  const id = await startJob(t);
  transport.server.complete(id, { fileName: 'a.zip' });
  t.store.dispatch(jobCompleted({ id, fileName: 'a.zip' }));
  return { t, id };
}

test('the row says "Downloading…" until the receipt says every byte was sent, then "Downloaded"', async () => {
  const transport = createMemoryTransport({ receipts: true });
  transport.server.nextDeliveries('requested');
  const { t, id } = await completedJob(transport);
  await until('the link handed over', () => transport.server.deliveries(id).length === 1);
  await settle(20);
  expect(recordOf(t.store.getState(), id)).toMatchObject({ status: 'downloading', handover: 'handedOver' });
  expect(rowText(t.store.getState(), id)).toBe('Downloading…');
  transport.server.settleDelivery(transport.server.deliveries(id)[0]!.id, 'completed');
  await until('done', () => recordOf(t.store.getState(), id)?.status === 'done');
  expect(recordOf(t.store.getState(), id)).toMatchObject({ confirmed: true, attempts: 1 });
  expect(rowText(t.store.getState(), id)).toBe('Downloaded');
  expect(transport.downloads.count(id)).toBe(1);
  await t.dispose();
});

// Found in Chromium (src/demo/delivery.browser.test.ts, "the browser's own resume slow to come"):
// the browser resumed the cut transfer on the same link after the page had handed over a fresh one.
test('an aborted delivery the browser resumes on the same link within deliveryResumeGraceMs: no fresh link, one file, "Downloaded"', async () => {
  const transport = createMemoryTransport({ receipts: true });
  transport.server.nextDeliveries('requested');
  const { t, id } = await completedJob(transport, { deliveryResumeGraceMs: 5_000 });
  await until('the link handed over', () => transport.server.deliveries(id).length === 1);
  const deliveryId = transport.server.deliveries(id)[0]!.id;
  transport.server.settleDelivery(deliveryId, 'aborted');
  await settle(100); // many questions answered `aborted`, all within the grace
  expect(recordOf(t.store.getState(), id)).toMatchObject({ status: 'downloading', attempts: 1 });
  transport.server.resumeDelivery(deliveryId);
  transport.server.settleDelivery(deliveryId, 'completed');
  await until('done', () => recordOf(t.store.getState(), id)?.status === 'done');
  expect(transport.server.deliveries(id)).toHaveLength(1);
  expect(recordOf(t.store.getState(), id)).toMatchObject({ confirmed: true, attempts: 1 });
  expect(transport.downloads.count(id)).toBe(1);
  await t.dispose();
});

test.each(['aborted', 'lost'] as const)('a link the browser did not get (%s) is fetched again with a fresh link: one file, two deliveries', async (fate) => {
  const transport = createMemoryTransport({ receipts: true });
  transport.server.nextDeliveries(fate);
  const { t, id } = await completedJob(transport);
  await until('done', () => recordOf(t.store.getState(), id)?.status === 'done');
  expect(transport.downloads.count(id)).toBe(1);
  expect(transport.calls.count('download', id)).toBe(2);
  expect(recordOf(t.store.getState(), id)).toMatchObject({ status: 'done', confirmed: true, attempts: 2 });
  await t.dispose();
});

test('a file that never arrives ends "Download failed" with "Download again" once the attempt budget is spent', async () => {
  const transport = createMemoryTransport({ receipts: true });
  transport.server.nextDeliveries('aborted', 3);
  const { t, id } = await completedJob(transport, { maxAttempts: 3 });
  await until('failed', () => recordOf(t.store.getState(), id)?.status === 'failed');
  expect(transport.downloads.count(id)).toBe(0);
  expect(transport.calls.count('download', id)).toBe(3);
  const view = describeJob(t.store.getState().exports.jobs.entities[id]!, recordOf(t.store.getState(), id), defaultExportTexts);
  expect(view).toMatchObject({ statusText: 'Download failed', errorText: 'The file did not reach your browser.', actions: { downloadAgain: true } });
  await t.dispose();
});

test('a backend without receipts: the row says "Sent to your browser", never "Downloaded"', async () => {
  const base = createMemoryTransport({ receipts: true });
  const { getDelivery: _unused, ...transport } = base;
  void _unused;
  const { t, id } = await completedJob(transport as MemoryTransport);
  await until('done', () => recordOf(t.store.getState(), id)?.status === 'done');
  expect(recordOf(t.store.getState(), id)).toMatchObject({ confirmed: false });
  expect(rowText(t.store.getState(), id)).toBe('Sent to your browser');
  await t.dispose();
});

describe('after a reload, the server is asked what became of the handed-over link', () => {
  async function reloadWhileDelivering(fate: 'requested' | 'lost') {
    const shared = createSharedStorage();
    const transport = createMemoryTransport({ receipts: true });
    transport.server.nextDeliveries(fate);
    const first = await openPage(shared, transport, FAST);
    const { payload } = await first.store.dispatch(startExport({ scope: 'p' }));
    const id = (payload as { id: string }).id;
    transport.server.complete(id);
    first.store.dispatch(jobCompleted({ id }));
    await until('the handover on disk', () => (shared.data.get('persist:redux-export-jobs') ?? '').includes('delivery-1'));
    await first.kill();
    return { shared, transport, id };
  }

  test('the transfer finishes after the reload: "Downloaded", and no second file', async () => {
    const { shared, transport, id } = await reloadWhileDelivering('requested');
    const second = await openPage(shared, transport, FAST);
    await settle(20);
    expect(recordOf(second.store.getState(), id)?.status).toBe('claimed');
    transport.server.settleDelivery('delivery-1', 'completed');
    await until('done', () => recordOf(second.store.getState(), id)?.status === 'done');
    expect(recordOf(second.store.getState(), id)).toMatchObject({ confirmed: true, attempts: 1 });
    expect(transport.calls.count('download', id)).toBe(1);
    expect(transport.downloads.count(id)).toBe(1);
    await second.dispose();
  });

  test('the link was never fetched: the download resumes on its own, one file', async () => {
    const { shared, transport, id } = await reloadWhileDelivering('lost');
    const second = await openPage(shared, transport, FAST);
    await until('done', () => recordOf(second.store.getState(), id)?.status === 'done');
    expect(transport.downloads.count(id)).toBe(1);
    expect(recordOf(second.store.getState(), id)).toMatchObject({ confirmed: true, attempts: 2 });
    await second.dispose();
  });

  test('the server cannot say: "Download interrupted", offered again, not repeated', async () => {
    const { shared, transport, id } = await reloadWhileDelivering('requested');
    transport.server.failNext('getDelivery', 404);
    const second = await openPage(shared, transport, FAST);
    await until('interrupted', () => recordOf(second.store.getState(), id)?.status === 'interrupted');
    expect(transport.calls.count('download', id)).toBe(1);
    expect(rowText(second.store.getState(), id)).toBe('Started before the page reloaded');
    await second.dispose();
  });
});
