/**
 * A backend shaped nothing like ours (issue 15), for the tests: fastify for
 * the routes (`foreignRoutes.ts`), Socket.IO for push, Bearer tokens that
 * expire (`foreignAuth.ts`), and switches to misbehave the way real
 * backends do: a completion emitted several times, or before the start is
 * answered, push muted, sockets dropped. Every API request is logged with
 * its answer, so a test can say what the server saw.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { createForeignAuth } from './foreignAuth';
import type { ForeignAuth } from './foreignAuth';
import { createForeignJobs } from './foreignJobs';
import type { ForeignEvent, ForeignEventName, ForeignJobs } from './foreignJobs';
import { registerForeignRoutes } from './foreignRoutes';

export interface ForeignBackendOptions {
  /** Each of the `steps` progress steps lasts this long. @default 300 */
  stepMs?: number;
  /** @default 5 */
  steps?: number;
  /** Access tokens live this long. @default 60 000 */
  tokenTtlMs?: number;
  /** Static files served as they are (a test page), by path. */
  files?: Record<string, { type: string; body: string | Buffer }>;
}

/** The test switches. */
export interface ForeignSwitches {
  /** How many times `export:completed` is emitted per job. @default 1 */
  completions: number;
  /** The next starts finish at once, their completion emitted before the start is answered. */
  completeBeforeAnswer: boolean;
  /** False: nothing is emitted over Socket.IO (the status route still tells). @default true */
  push: boolean;
}

export interface Hit {
  method: string;
  path: string;
  status: number;
}

export interface ForeignBackend {
  app: FastifyInstance;
  io: Server;
  auth: ForeignAuth;
  jobs: ForeignJobs;
  switches: ForeignSwitches;
  hits: Hit[];
  /** Emits one event to every socket, as the backend's own code would (a late completion). */
  emit(name: ForeignEventName, event: ForeignEvent): void;
  /** Drops every Socket.IO connection from the server's side. */
  disconnectSockets(): void;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function createForeignBackend(options: ForeignBackendOptions = {}): ForeignBackend {
  const app = Fastify({ logger: false });
  const io = new Server(app.server);
  const switches: ForeignSwitches = { completions: 1, completeBeforeAnswer: false, push: true };
  const hits: Hit[] = [];
  const emit = (name: ForeignEventName, event: ForeignEvent): void => void io.emit(name, event);
  const jobs = createForeignJobs({
    stepMs: options.stepMs ?? 300,
    steps: options.steps ?? 5,
    onEvent(name, event) {
      if (!switches.push) return;
      const times = name === 'export:completed' ? switches.completions : 1;
      for (let i = 0; i < times; i++) emit(name, event);
    },
  });
  const auth = createForeignAuth(options.tokenTtlMs ?? 60_000);
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path.startsWith('/api/')) hits.push({ method: request.method, path, status: reply.statusCode });
  });
  registerForeignRoutes(app, {
    auth,
    jobs,
    beforeStartAnswer(job) {
      if (switches.completeBeforeAnswer) jobs.finish(job);
      else jobs.run(job);
    },
  });
  for (const [path, file] of Object.entries(options.files ?? {})) {
    app.get(path, async (_request, reply) => reply.type(file.type).send(file.body));
  }
  return {
    app,
    io,
    auth,
    jobs,
    switches,
    hits,
    emit,
    disconnectSockets: () => void io.disconnectSockets(true),
    async listen() {
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      return address;
    },
    async close() {
      jobs.close();
      io.disconnectSockets(true);
      await app.close();
    },
  };
}
