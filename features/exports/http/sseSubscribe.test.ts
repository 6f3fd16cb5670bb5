import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobEvent } from '../model/types';
import { createHttpTransport } from './createHttpTransport';
import { isOlderEventId } from './sseSubscribe';

/** One scripted answer per connection to /events, in order; the server records what each request sent. */
type Script = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  path: string;
  lastEventId: string | undefined;
  at: number;
}

let server: Server;
let base: string;
let scripts: Script[] = [];
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', lastEventId: req.headers['last-event-id'] as string | undefined, at: Date.now() });
    const script = req.url?.endsWith('/events') ? scripts.shift() : undefined;
    if (script) script(req, res);
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  scripts = [];
  seen = [];
});

const job = (status: string, progress: number, id = 'j1') => ({ id, scope: null, status, progress });
const frame = (eventId: string | undefined, data: unknown, event?: string) =>
  `${eventId !== undefined ? `id: ${eventId}\n` : ''}${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
/** A stream that sends `frames` and closes. */
const stream = (...frames: string[]): Script => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.end(frames.join(''));
};
const transport = (extra = {}) => createHttpTransport({ baseUrl: base, reconnectDelayMs: 10, maxReconnectDelayMs: 40, maxSseFailures: 3, ...extra });

async function subscribe(extra = {}): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  await transport(extra).subscribe!('j1', (e) => events.push(e), new AbortController().signal);
  return events;
}

test('Last-Event-ID never moves back: an older new id after a reconnect is reported, the next reconnect still sends the newest id', async () => {
  scripts = [
    stream(frame('4', { job: job('running', 10) }), frame('5', { job: job('running', 20) })),
    stream(frame('5', { job: job('running', 20) }), frame('3', { job: job('running', 5) })),
    stream(frame('6', { job: job('completed', 100) })),
  ];
  const events = await subscribe();
  expect(seen.map((s) => s.lastEventId)).toEqual([undefined, '5', '5']);
  expect(events.map((e) => [e.eventId, e.type])).toEqual([['4', 'progress'], ['5', 'progress'], ['3', 'progress'], ['6', 'completed']]);
});

test('isOlderEventId: only a smaller integer id is older', () => {
  expect(isOlderEventId('5', '3')).toBe(true);
  expect(isOlderEventId('5', '6')).toBe(false);
  expect(isOlderEventId('5', '5')).toBe(false);
  expect(isOlderEventId('b', 'a')).toBe(false);
});

test('one terminal event, then the promise resolves and nothing more is reported or requested', async () => {
  scripts = [stream(frame('1', { job: job('completed', 100) }), frame('2', { job: job('failed', 100) }, 'failed'), frame('3', { job: job('running', 50) }))];
  const events = await subscribe();
  await new Promise((r) => setTimeout(r, 60));
  expect(events.map((e) => e.type)).toEqual(['completed']);
  expect(seen).toHaveLength(1);
});

test('events about another job, without a job object, or not JSON are ignored', async () => {
  scripts = [
    stream(
      frame('1', { job: job('running', 10, 'other') }),
      frame('2', { type: 'completed' }),
      'id: 3\ndata: not json\n\n',
      frame('4', { job: job('completed', 100) }, 'completed'),
    ),
  ];
  const events = await subscribe();
  expect(events.map((e) => [e.eventId, e.type, e.job.id])).toEqual([['4', 'completed', 'j1']]);
});

test('404 and 410 end the subscription with one expired event', async () => {
  for (const status of [404, 410]) {
    scripts = [stream(frame('1', { job: job('running', 30) })), (_req, res) => void res.writeHead(status).end()];
    seen = [];
    const events = await subscribe();
    expect(events.map((e) => [e.type, e.job.status, e.job.progress])).toEqual([['progress', 'running', 30], ['expired', 'expired', 30]]);
    expect(seen).toHaveLength(2);
  }
});

test('a refused connection with Retry-After: the next one waits at least that long', async () => {
  scripts = [
    (_req, res) => void res.writeHead(503, { 'Retry-After': '1' }).end(),
    stream(frame('1', { job: job('completed', 100) })),
  ];
  const events = await subscribe();
  expect(events.map((e) => e.type)).toEqual(['completed']);
  expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
});

test('a connection that delivered an event resets the failure count', async () => {
  const refuse: Script = (_req, res) => void res.writeHead(502).end();
  scripts = [refuse, refuse, stream(frame('1', { job: job('running', 10) })), refuse, refuse, refuse];
  const events = await subscribe();
  expect(seen).toHaveLength(6);
  expect(events.map((e) => e.eventId)).toEqual(['1']);
});

test('a stream silent for longer than sseIdleTimeoutMs is dropped and reconnected', async () => {
  scripts = [
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(frame('1', { job: job('running', 10) })); // then nothing, and the connection stays open
    },
    stream(frame('2', { job: job('completed', 100) })),
  ];
  const events = await subscribe({ sseIdleTimeoutMs: 150 });
  expect(events.map((e) => e.eventId)).toEqual(['1', '2']);
  expect(seen.map((s) => s.lastEventId)).toEqual([undefined, '1']);
  expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(140);
});
