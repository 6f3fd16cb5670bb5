/**
 * Export history on the engine, over the in-memory server with a `list`:
 * jobs this browser did not start appear once the state is ready, are
 * watched, and never download by themselves; a job this browser started
 * keeps its own claim.
 */
import { createExportsStore } from '../../../store/createExportsStore';
import { createMemoryStorage } from '../persistence/memoryStorage';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { ExportTransport, JobSnapshot } from '../model/types';
import { downloadRequested, jobCompleted } from '../model/exportsSlice';
import { historyRequested } from '../model/historyActions';
import { startExport } from './startExport';

/** The memory server with a history: every job it knows in `scope`; `lists` counts the calls. */
function withHistory() {
  const memory = createMemoryTransport();
  const calls: Array<string | null> = [];
  const list = async (scope: string | null): Promise<JobSnapshot[]> => {
    calls.push(scope);
    return memory.server.jobIds().map((id) => memory.server.snapshot(id)!).filter((job) => job.scope === scope);
  };
  const transport: ExportTransport = Object.assign(Object.create(memory) as ExportTransport, { list });
  return { memory, transport, calls };
}
/** A job started on "another device": on the server, not in this store. */
const elsewhere = (memory: ReturnType<typeof createMemoryTransport>, scope: string) => memory.start({ scope }, new AbortController().signal);
const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));

test('a listed job completes while watched: 0 automatic downloads; the user clicks: 1', async () => {
  const { memory, transport } = withHistory();
  const other = await elsewhere(memory, 'p');
  const t = createExportsStore({ transport, storage: false, devTools: false, pollIntervalMs: 20 });
  t.store.dispatch(historyRequested({ scope: 'p' }));
  await tick();
  expect(t.store.getState().exports.jobs.entities[other.id]).toMatchObject({ origin: 'server', autoDownload: false, status: 'pending' });
  memory.server.complete(other.id, { fileName: 'p.zip' });
  await tick(200);
  expect(t.store.getState().exports.jobs.entities[other.id]?.status).toBe('completed');
  t.store.dispatch(jobCompleted({ id: other.id })); // a duplicate completion changes nothing
  await tick();
  expect(memory.downloads.count(other.id)).toBe(0);
  t.store.dispatch(downloadRequested({ id: other.id }));
  await tick(200);
  expect(memory.downloads.count(other.id)).toBe(1);
  await t.dispose();
});

test('historyScopes are listed once the state is rehydrated, not before; a request made before waits too', async () => {
  const { memory, transport, calls } = withHistory();
  const other = await elsewhere(memory, 'p');
  const t = createExportsStore({ transport, storage: createMemoryStorage(), devTools: false, historyScopes: ['p'] });
  t.store.dispatch(historyRequested({ scope: 'q' }));
  expect(calls).toEqual([]);
  await t.ready;
  await tick();
  expect(calls.sort()).toEqual(['p', 'q']);
  expect(t.store.getState().exports.jobs.entities[other.id]?.origin).toBe('server');
  await t.dispose();
});

test('a job this browser started and the server lists keeps its own automatic download, once', async () => {
  const { memory, transport } = withHistory();
  const t = createExportsStore({ transport, storage: false, devTools: false, pollIntervalMs: 20 });
  const result = await t.store.dispatch(startExport({ scope: 'p' }));
  if (!startExport.fulfilled.match(result)) throw new Error('not started');
  const id = result.payload.id;
  t.store.dispatch(historyRequested({ scope: 'p' }));
  await tick();
  expect(t.store.getState().exports.jobs.entities[id]).toMatchObject({ autoDownload: true });
  expect(t.store.getState().exports.jobs.entities[id]?.origin).toBeUndefined();
  memory.server.complete(id);
  await tick(300);
  expect(memory.downloads.count(id)).toBe(1);
  await t.dispose();
});
