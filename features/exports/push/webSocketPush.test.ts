/**
 * The WebSocket adapter against a real `ws` server on 127.0.0.1: events of
 * the job come through until its end, a dropped connection is reconnected,
 * a server that keeps refusing is given up on (the engine then polls), and
 * an abort closes the socket.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { JobEvent, JobSnapshot } from '../model/types';
import { webSocketPush } from './webSocketPush';

type Behaviour = (socket: WebSocket, jobId: string, connection: number) => void;

let wss: WebSocketServer;
let url = '';
let behaviour: Behaviour = () => undefined;
let connections = 0;
let hellos: string[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  wss.on('connection', (socket, request) => {
    connections += 1;
    socket.on('message', (data) => hellos.push(String(data)));
    behaviour(socket, (request.url ?? '').split('/').pop() ?? '', connections);
  });
});
beforeEach(() => {
  connections = 0;
  hellos = [];
});
afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

const job = (id: string, status: JobSnapshot['status'], progress: number): string => JSON.stringify({ job: { id, scope: null, status, progress } });
const read = (message: unknown): JobSnapshot | undefined => (message as { job?: JobSnapshot }).job;
const fast = { reconnectDelayMs: 20, maxReconnectDelayMs: 40 };
const push = (extra: Partial<Parameters<typeof webSocketPush>[0]> = {}) =>
  webSocketPush({ connect: (id) => new WebSocket(`${url}/jobs/${id}`), read, ...fast, ...extra });

async function follow(subscribe: ReturnType<typeof webSocketPush>, id: string, signal = new AbortController().signal): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  await subscribe(id, (e) => events.push(e), signal);
  return events;
}

test('says hello, follows the job to its completion; a second completion and other jobs are not passed on', async () => {
  behaviour = (socket, id) => socket.once('message', () => {
    socket.send(job('other', 'running', 90));
    socket.send(job(id, 'running', 30));
    socket.send('not json');
    socket.send(job(id, 'completed', 100));
    socket.send(job(id, 'completed', 100));
  });
  const events = await follow(push({ hello: (id) => JSON.stringify({ subscribe: id }) }), 'a1');
  expect(events.map((e) => [e.job.id, e.type])).toEqual([
    ['a1', 'progress'],
    ['a1', 'completed'],
  ]);
  expect(hellos).toEqual([JSON.stringify({ subscribe: 'a1' })]);
  expect(connections).toBe(1);
});

test('a dropped connection is reconnected, and the job followed to its end', async () => {
  behaviour = (socket, id, n) => {
    if (n === 1) {
      socket.send(job(id, 'running', 10));
      socket.terminate();
    } else socket.send(job(id, 'failed', 10));
  };
  const events = await follow(push(), 'b1');
  expect(events.map((e) => e.type)).toEqual(['progress', 'failed']);
  expect(connections).toBe(2);
});

test('three connections in a row without an event: it gives up, so the engine polls', async () => {
  behaviour = (socket) => socket.close(1011);
  const events = await follow(push({ maxFailures: 3 }), 'c1');
  expect(events).toEqual([]);
  expect(connections).toBe(3);
});

test('an abort closes the socket and settles the subscription', async () => {
  behaviour = (socket, id) => socket.send(job(id, 'running', 5));
  const controller = new AbortController();
  const events: JobEvent[] = [];
  const following = push()('d1', (e) => events.push(e), controller.signal);
  for (let i = 0; i < 200 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(wss.clients.size).toBe(1);
  controller.abort();
  await following;
  for (let i = 0; i < 200 && wss.clients.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(wss.clients.size).toBe(0);
  expect(events.map((e) => e.type)).toEqual(['progress']);
});

test('a socket that cannot be opened counts as a failed connection; a reader that throws passes nothing on', async () => {
  expect(() => webSocketPush({ read })).toThrow(/url.*connect/);
  let opened = 0;
  const refusing = webSocketPush({ ...fast, read, connect: () => {
    opened += 1;
    throw new SyntaxError('bad URL');
  } });
  expect(await follow(refusing, 'e1')).toEqual([]);
  expect(opened).toBe(3);
  behaviour = (socket, id) => socket.send(job(id, 'completed', 100));
  const throwing = push({ read: () => {
    throw new Error('not ours');
  } });
  const subscribing = follow(throwing, 'e2', AbortSignal.timeout(300));
  await expect(subscribing).resolves.toEqual([]);
});
