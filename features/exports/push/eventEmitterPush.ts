/**
 * Push from an event-emitter socket the app already has (Socket.IO, or any
 * client with `on(event, handler)` / `off(event, handler)`): no socket
 * library is a dependency of ours (docs/design.md#watch-engine).
 *
 * - It listens from the moment it is made, and remembers the last event of
 *   the most recent jobs: a completion that arrives before the start answer
 *   is replayed when the job is subscribed.
 * - Disconnected (the `disconnect` event), or not connected within
 *   `connectTimeoutMs`: its subscriptions end, and the engine polls them.
 * - A second completion is dropped; were it not, the engine's claim would
 *   make it harmless (docs/design.md#claim-protocol).
 */
import type { ExportTransport, JobEvent, JobSnapshot } from '../model/types';
import { createPushSession } from './pushSession';
import type { PushSession } from './pushSession';
import { readPushedJob } from './readPushedJob';

/** What is needed of a socket: Socket.IO's client has it, and so has Node's `EventEmitter`. */
export interface EventEmitterSocket {
  on(event: string, listener: (payload: unknown) => void): unknown;
  off(event: string, listener: (payload: unknown) => void): unknown;
  /** Read when present (Socket.IO has it); a socket without it counts as connected. */
  readonly connected?: boolean;
}

export interface EventEmitterPushOptions {
  /** The app's own socket, connected (or connecting) as the app sees fit. */
  socket: EventEmitterSocket;
  /** The socket's event name for each job event, e.g. `{ completed: 'export:completed' }`. Events left out are not heard. */
  events: Partial<Record<JobEvent['type'], string>>;
  /**
   * Reads one message as a snapshot of the job it is about, or `undefined`
   * when it is not about a job. Default: `{ jobId, progress?, message? }`,
   * the event's name giving the status (`push/readPushedJob.ts`).
   */
  read?: (payload: unknown, type: JobEvent['type']) => JobSnapshot | undefined;
  /** @default 'connect' */
  connectEvent?: string;
  /** @default 'disconnect' */
  disconnectEvent?: string;
  /** A socket not connected within this long leaves the job to polling. @default 5000 */
  connectTimeoutMs?: number;
  /** Jobs whose last event is remembered, for events that came before the subscribe. @default 200 */
  rememberJobs?: number;
}

type Subscribe = NonNullable<ExportTransport['subscribe']>;

/**
 * An `ExportTransport['subscribe']` over an event-emitter socket.
 *
 * @example
 * const subscribe = eventEmitterPush({
 *   socket: io('https://api.example.com'),
 *   events: { progress: 'export:progress', completed: 'export:completed', failed: 'export:failed', cancelled: 'export:cancelled' },
 * });
 */
export function eventEmitterPush(options: EventEmitterPushOptions): Subscribe {
  const { socket } = options;
  const read = options.read ?? readPushedJob;
  const remember = options.rememberJobs ?? 200;
  const recent = new Map<string, JobEvent>();
  const sessions = new Set<PushSession>();

  const hear = (type: JobEvent['type'], payload: unknown): void => {
    let job: JobSnapshot | undefined;
    try {
      job = read(payload, type);
    } catch {
      return; // the app's reader refused it: not about a job
    }
    if (!job) return;
    const event: JobEvent = { type, job };
    if (recent.get(job.id)?.type !== 'progress' && recent.has(job.id)) return; // the first terminal event stays
    recent.delete(job.id);
    recent.set(job.id, event);
    if (recent.size > remember) recent.delete(recent.keys().next().value ?? job.id);
    for (const session of sessions) session.emit(event);
  };
  for (const [type, name] of Object.entries(options.events) as Array<[JobEvent['type'], string | undefined]>) {
    if (name !== undefined) socket.on(name, (payload) => hear(type, payload));
  }

  return (jobId, onEvent, signal) => {
    const session = createPushSession(jobId, onEvent, signal);
    const known = recent.get(jobId);
    if (known) session.emit(known);
    if (session.done) return session.ended;
    sessions.add(session);
    const onDisconnect = (): void => session.end();
    const onConnect = (): void => clearTimeout(timer);
    const disconnectEvent = options.disconnectEvent ?? 'disconnect';
    const connectEvent = options.connectEvent ?? 'connect';
    socket.on(disconnectEvent, onDisconnect);
    socket.on(connectEvent, onConnect);
    const timer = socket.connected === false ? setTimeout(onDisconnect, options.connectTimeoutMs ?? 5_000) : undefined;
    return session.ended.then(() => {
      clearTimeout(timer);
      sessions.delete(session);
      socket.off(disconnectEvent, onDisconnect);
      socket.off(connectEvent, onConnect);
    });
  };
}
