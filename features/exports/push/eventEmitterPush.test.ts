/**
 * The event-emitter adapter against a real Socket.IO server on 127.0.0.1,
 * through the engine: duplicate and early completions give one download, a
 * disconnect hands the job to polling.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { startExport } from '../engine/startExport';
import type { JobEvent } from '../model/types';
import { makeTestStore, startJob } from '../testSupport/testStore';
import { eventEmitterPush } from './eventEmitterPush';

const EVENTS = { progress: 'export:progress', completed: 'export:completed', failed: 'export:failed', cancelled: 'export:cancelled' } as const;

let ioServer: Server;
let url = '';
const clients: Socket[] = [];

beforeAll(async () => {
  const http = createServer();
  ioServer = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const client of clients) client.close();
  await ioServer.close();
});

async function connected(): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

test('three completions of one job over Socket.IO: one download, and no status was polled', async () => {
  const socket = await connected();
  const t = makeTestStore({ pollIntervalMs: 60_000 });
  t.transport.subscribe = eventEmitterPush({ socket, events: EVENTS });
  const id = await startJob(t);
  ioServer.emit('export:progress', { jobId: id, progress: 40, message: 'Packing' });
  await until(() => t.store.getState().exports.jobs.entities[id]?.progress === 40, 'progress');
  t.transport.server.complete(id);
  for (let i = 0; i < 3; i++) ioServer.emit('export:completed', { jobId: id });
  await until(() => t.store.getState().exports.downloadedJobIds[id]?.status === 'done', 'the download');
  await new Promise((r) => setTimeout(r, 100));
  expect(t.transport.downloads.count(id)).toBe(1);
  expect(t.transport.calls.count('getStatus', id)).toBe(0);
  await t.dispose();
});

test('a completion that arrives before the start answer is not lost: one download', async () => {
  const socket = await connected();
  const t = makeTestStore({ pollIntervalMs: 60_000 });
  t.transport.subscribe = eventEmitterPush({ socket, events: EVENTS });
  t.transport.server.holdStarts();
  const starting = t.store.dispatch(startExport({ scope: 'p' }));
  await until(() => t.transport.server.jobIds().length === 1, 'the job on the server');
  const [id] = t.transport.server.jobIds() as [string];
  t.transport.server.complete(id);
  ioServer.emit('export:completed', { jobId: id });
  ioServer.emit('export:completed', { jobId: id });
  await new Promise((r) => setTimeout(r, 50)); // both reached the page before the answer
  expect(t.store.getState().exports.jobs.entities[id]).toBeUndefined();
  t.transport.server.releaseStarts();
  await starting;
  await until(() => t.store.getState().exports.downloadedJobIds[id]?.status === 'done', 'the download');
  expect(t.transport.downloads.count(id)).toBe(1);
  expect(t.transport.calls.count('getStatus', id)).toBe(0);
  await t.dispose();
});

test('disconnected mid-export: polling takes over and the file arrives once', async () => {
  const socket = await connected();
  const t = makeTestStore({ pollIntervalMs: 50 });
  t.transport.subscribe = eventEmitterPush({ socket, events: EVENTS });
  const id = await startJob(t);
  ioServer.emit('export:progress', { jobId: id, progress: 10 });
  await until(() => t.store.getState().exports.jobs.entities[id]?.progress === 10, 'progress');
  expect(t.transport.calls.count('getStatus', id)).toBe(0);
  for (const server of await ioServer.fetchSockets()) server.disconnect(true);
  await until(() => !socket.connected, 'the disconnect');
  t.transport.server.complete(id);
  await until(() => t.store.getState().exports.downloadedJobIds[id]?.status === 'done', 'the download');
  expect(t.transport.calls.count('getStatus', id)).toBeGreaterThan(0);
  expect(t.transport.downloads.count(id)).toBe(1);
  await t.dispose();
});

test('a socket that never connects leaves the job to polling after connectTimeoutMs', async () => {
  const socket = io('http://127.0.0.1:9', { transports: ['websocket'], reconnection: false, autoConnect: false });
  const subscribe = eventEmitterPush({ socket, events: EVENTS, connectTimeoutMs: 50 });
  const events: JobEvent[] = [];
  await expect(subscribe('j1', (e) => events.push(e), new AbortController().signal)).resolves.toBeUndefined();
  expect(events).toEqual([]);
});

test('events of other jobs, and messages that name no job, are not passed on; abort ends the subscription', async () => {
  const socket = await connected();
  const subscribe = eventEmitterPush({ socket, events: EVENTS });
  const events: JobEvent[] = [];
  const controller = new AbortController();
  const following = subscribe('mine', (e) => events.push(e), controller.signal);
  ioServer.emit('export:progress', { jobId: 'other', progress: 50 });
  ioServer.emit('export:progress', { progress: 50 });
  ioServer.emit('export:progress', 'nonsense');
  ioServer.emit('export:progress', { jobId: 'mine', progress: 20 });
  await until(() => events.length === 1, 'my event');
  controller.abort();
  await following;
  expect(events.map((e) => [e.job.id, e.type, e.job.progress])).toEqual([['mine', 'progress', 20]]);
});
