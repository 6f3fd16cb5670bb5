/**
 * Test support (never built, never published): a real scaled-out deployment on
 * loopback: `redis-server` on a free port, API processes (`src/server/main.ts`
 * with REDIS_URL) and worker processes (`workerMain.ts`), each a real child
 * process. Every wait is bounded; `stop()` kills whatever is left.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
// tsx as a loader of this very process (not its CLI, which runs the program in a child): a signal sent to a child here reaches the program itself.
const TSX = ['--import', 'tsx'];

/** The `redis-server` on the PATH, or undefined. */
export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null after a signal), or rejects after `ms`. */
  exited(ms: number): Promise<number | null>;
}

/** Runs a TypeScript program of this repository as a child process (tsx as a loader). */
export function startScript(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  return startChild(name, process.execPath, [...TSX, script], env);
}

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  proc.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    name,
    proc,
    output: () => text,
    exited: (ms) => withTimeout(exit, ms, `${name} did not exit within ${ms} ms`),
  };
}

/** Waits until `child` printed something matching `re`; rejects after `ms` or when it exits. */
export async function waitForOutput(child: Child, re: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = re.exec(child.output());
    if (match) return match;
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${child.name}: no ${String(re)} within ${ms} ms; it printed:\n${child.output().slice(-2000)}`);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ClusterSettings {
  stageDelayMs: number;
  lockMs: number;
  workerConcurrency: number;
}

export interface Cluster {
  redisUrl: string;
  dataDir: string;
  startApi(): Promise<Child & { url: string }>;
  startWorker(): Promise<Child>;
  /** Kills every process started (SIGKILL), Redis last, and removes the data folder. */
  stop(): Promise<void>;
}

export async function startCluster(redisServer: string, settings: ClusterSettings): Promise<Cluster> {
  const children: Child[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'rej-scale-out-'));
  const port = await freePort();
  const redis = startChild('redis', redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {});
  const redisUrl = `redis://127.0.0.1:${port}`;
  const env = {
    REDIS_URL: redisUrl,
    EXPORT_DATA_DIR: dataDir,
    EXPORT_SECRET: 'scale-out-test-secret',
    EXPORT_STAGE_DELAY_MS: String(settings.stageDelayMs),
    EXPORT_MAX_ACTIVE_PER_CLIENT: '1000',
    WORKER_LOCK_MS: String(settings.lockMs),
    WORKER_CONCURRENCY: String(settings.workerConcurrency),
    WORKER_DRAIN_MS: '20000',
    LOG_LEVEL: 'error',
  };
  let n = 0;
  const cluster: Cluster = {
    redisUrl,
    dataDir,
    async startApi() {
      const child = startChild(`api-${++n}`, process.execPath, [...TSX, join('src', 'server', 'main.ts')], { ...env, PORT: '0', DEMO_DIR: join(dataDir, 'no-demo') });
      children.push(child);
      const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)/, 20_000);
      return { ...child, url: url ?? '' };
    },
    async startWorker() {
      const child = startChild(`worker-${++n}`, process.execPath, [...TSX, join('src', 'server', 'scaleOut', 'workerMain.ts')], env);
      children.push(child);
      await waitForOutput(child, /ready/, 20_000);
      return child;
    },
    async stop() {
      for (const child of children) if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
      await Promise.allSettled(children.map((c) => c.exited(5_000)));
      if (redis.proc.exitCode === null) redis.proc.kill('SIGKILL');
      await redis.exited(5_000).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  await waitForOutput(redis, /Ready to accept connections/, 10_000).catch(async (error: unknown) => {
    await cluster.stop();
    throw error;
  });
  return cluster;
}
