/**
 * Push over a WebSocket (the browser's own `WebSocket`, or anything shaped
 * like it): one connection per watched job, reconnected on the shared loop
 * (`timing/backoffLoop.ts`: capped backoff with jitter, paused while the page
 * is hidden, at once when it is shown again or back online). After
 * `maxFailures` connections in a row that brought no event, it gives up and
 * the engine polls (docs/design.md#watch-engine).
 */
import type { ExportTransport, JobEvent, JobSnapshot } from '../model/types';
import { backoffLoop } from '../timing/backoffLoop';
import { createPushSession, eventOf } from './pushSession';
import type { PushSession } from './pushSession';

/** What is needed of a WebSocket: the browser's has it, and so has the `ws` package's. */
export interface WebSocketLike {
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface WebSocketPushOptions {
  /** Where to connect for a job: a URL, or a function of the job id. Ignored when `connect` is given. */
  url?: string | ((jobId: string) => string);
  /** Opens the socket yourself (subprotocols, a `ws` client in Node). Default: `new WebSocket(url)`. */
  connect?: (jobId: string) => WebSocketLike;
  /** Sent once the socket opens, e.g. a subscribe message: `(id) => JSON.stringify({ subscribe: id })`. */
  hello?: (jobId: string) => string;
  /**
   * Reads one message (parsed as JSON when it is text) as an event or a
   * snapshot of job `jobId`, or `undefined` when it is not about it.
   */
  read: (message: unknown, jobId: string) => JobEvent | JobSnapshot | undefined;
  /** The wait before a reconnect, and the base of the backoff. @default 1000 */
  reconnectDelayMs?: number;
  /** @default 15000 */
  maxReconnectDelayMs?: number;
  /** Connections in a row that brought no event before it gives up and the engine polls. @default 3 */
  maxFailures?: number;
}

type Subscribe = NonNullable<ExportTransport['subscribe']>;

/**
 * An `ExportTransport['subscribe']` over WebSockets.
 *
 * @example
 * const subscribe = webSocketPush({
 *   url: (id) => `wss://api.example.com/exports/${id}/ws`,
 *   read: (message) => (message as { job?: JobSnapshot }).job,
 * });
 */
export function webSocketPush(options: WebSocketPushOptions): Subscribe {
  const open = options.connect ?? browserConnect(options.url);
  return async (jobId, onEvent, signal) => {
    const session = createPushSession(jobId, onEvent, signal);
    const loop = { signal, intervalMs: options.reconnectDelayMs ?? 1_000, maxIntervalMs: options.maxReconnectDelayMs ?? 15_000, immediate: true };
    let failures = 0;
    await backoffLoop(loop, async () => {
      let socket: WebSocketLike | undefined;
      try {
        socket = open(jobId);
      } catch {
        // a bad URL, or a browser that refuses: a failed connection like any other
      }
      const received = socket ? await connectOnce(socket, session, options, signal) : false;
      failures = received ? 0 : failures + 1;
      return { ok: received, done: session.done || failures >= (options.maxFailures ?? 3) };
    });
    session.end();
  };
}

/** `new WebSocket(url)`, the browser's own. */
function browserConnect(url: WebSocketPushOptions['url']): (jobId: string) => WebSocketLike {
  if (url === undefined) throw new TypeError('webSocketPush needs `url` or `connect`');
  return (jobId) => new WebSocket(typeof url === 'string' ? url : url(jobId)) as WebSocketLike;
}

/** One connection, until it closes, the session is done or `signal` aborts. True when it brought an event. */
function connectOnce(socket: WebSocketLike, session: PushSession, options: WebSocketPushOptions, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let received = false;
    const stop = (): void => {
      signal.removeEventListener('abort', stop);
      try {
        socket.close(1000);
      } catch {
        // already closed
      }
      resolve(received);
    };
    signal.addEventListener('abort', stop, { once: true });
    socket.addEventListener('open', () => {
      if (options.hello) socket.send(options.hello(session.jobId));
    });
    socket.addEventListener('message', (event) => {
      const found = readSafely(options.read, parseMessage(event.data), session.jobId);
      if (!found || session.done) return;
      received = true;
      session.emit('type' in found && 'job' in found ? found : eventOf(found));
      if (session.done) stop();
    });
    socket.addEventListener('close', stop);
    socket.addEventListener('error', stop);
  });
}

/** The app's `read`, which may throw on a message it did not expect: then the message is not about the job. */
function readSafely(read: WebSocketPushOptions['read'], message: unknown, jobId: string): JobEvent | JobSnapshot | undefined {
  try {
    return read(message, jobId);
  } catch {
    return undefined;
  }
}

function parseMessage(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
