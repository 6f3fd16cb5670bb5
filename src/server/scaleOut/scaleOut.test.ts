/**
 * The scaled-out server with real parts (docs/design.md, "Scaling out"): a real
 * `redis-server` on a free port, 2 API processes and 2 worker processes on
 * 127.0.0.1, sharing one data folder. Skipped, with one line, where
 * `redis-server` is not on the PATH (src/server/README.md says how to run it).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createLifecycle } from '../lifecycle';
import type { JobView, ServerJob } from '../types';
import { createRedisJobStore } from './redisJobStore';
import { findRedisServer, startCluster } from './testCluster';
import type { Child, Cluster } from './testCluster';
import { call, getJob, isFinished, openSse, startExport, waitForJob } from './testClient';

const redisServer = findRedisServer();
if (!redisServer) {
  process.stderr.write('scale-out suite skipped: no redis-server on the PATH (apt-get install redis-server, then npx jest src/server/scaleOut)\n');
}
const describeWithRedis = redisServer ? describe : describe.skip;

jest.setTimeout(60_000);

describeWithRedis('scaled out on BullMQ: 2 API processes, 2 workers, one Redis', () => {
  let cluster: Cluster;
  const apis: Array<Child & { url: string }> = [];
  const workers: Child[] = [];
  const url = (i: number): string => apis[i % apis.length]?.url ?? '';
  const urls = (): string[] => apis.map((a) => a.url);

  beforeAll(async () => {
    cluster = await startCluster(redisServer ?? '', { stageDelayMs: 300, lockMs: 2000, workerConcurrency: 4 });
    const [a, b, w1, w2] = await Promise.all([cluster.startApi(), cluster.startApi(), cluster.startWorker(), cluster.startWorker()]);
    apis.push(a, b);
    workers.push(w1, w2);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  /** The files of a job in the shared folder. */
  const filesOf = (id: string): string[] => {
    try {
      return readdirSync(join(cluster.dataDir, id)).sort();
    } catch {
      return [];
    }
  };
  const runsOf = (id: string): number => workers.reduce((n, w) => n + w.output().split(`runs ${id}\n`).length - 1, 0);
  const download = async (job: JobView, via: number): Promise<number> => {
    const link = await call<{ url: string }>(`${url(via)}/api/exports/${job.id}/link`, { method: 'POST' });
    const file = await fetch(link.body.url.replace(url(via), url(via + 1)), { signal: AbortSignal.timeout(10_000) });
    return (await file.arrayBuffer()).byteLength;
  };

  test('30 exports started through alternating API processes all complete, each run once, one file each', async () => {
    const started = await Promise.all(Array.from({ length: 30 }, (_, i) => startExport(url(i), { scope: `p${i}`, params: { size: 20_000 } })));
    expect(started.map((s) => s.status)).toEqual(Array(30).fill(202));
    const ids = started.map((s) => s.body.job.id);
    // Watched through the other API process than the one that started it.
    const finished = await Promise.all(ids.map((id, i) => waitForJob([url(i + 1)], id, isFinished, 45_000)));
    expect(finished.map((j) => j.status)).toEqual(Array(30).fill('completed'));
    for (const id of ids) expect(filesOf(id)).toEqual(['export.zip']);
    expect(ids.map(runsOf)).toEqual(Array(30).fill(1));
    // A link made by one API process is served by the other (shared secret, shared folder).
    const sizes = await Promise.all(finished.map((job, i) => download(job, i)));
    expect(sizes).toEqual(finished.map((j) => j.size));
  });

  test('the same Idempotency-Key on two API processes starts one job', async () => {
    const headers = { 'idempotency-key': 'scale-out-key-1' };
    const first = await startExport(url(0), { scope: 'idem' }, headers);
    const second = await startExport(url(1), { scope: 'idem' }, headers);
    const other = await startExport(url(1), { scope: 'other' }, headers);
    expect(second.body.job.id).toBe(first.body.job.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
  });

  test('a cancel sent to one API process stops the job on the worker that runs it and removes its output', async () => {
    const { body } = await startExport(url(0), { scope: 'cancel-me', params: { size: 20_000 } });
    await waitForJob(urls(), body.job.id, (j) => j.status === 'running', 10_000);
    const cancelled = await call<{ job: JobView }>(`${url(1)}/api/exports/${body.job.id}/cancel`, { method: 'POST' });
    expect(cancelled.body.job.status).toBe('cancelled');
    await waitForJob(urls(), body.job.id, () => filesOf(body.job.id).length === 0, 10_000);
    expect((await getJob(url(0), body.job.id)).status).toBe('cancelled');
  });

  test('a worker killed mid-job (SIGKILL): the other worker completes the job, with one file', async () => {
    const { body } = await startExport(url(0), { scope: 'kill-worker', params: { size: 20_000 } });
    const id = body.job.id;
    await waitForJob(urls(), id, (j) => j.stage === 'writing', 10_000);
    const victim = workers.find((w) => w.output().includes(`runs ${id}\n`));
    expect(victim).toBeDefined();
    victim?.proc.kill('SIGKILL');
    await victim?.exited(5_000);
    workers.splice(workers.indexOf(victim as Child), 1);
    const replacement = cluster.startWorker(); // for the tests after this one, whatever happens here
    const done = await waitForJob(urls(), id, isFinished, 30_000);
    expect(done.status).toBe('completed'); // handed back after the lock (2 s) expired, run again from the start
    workers.push(await replacement); // the survivor or the replacement may have taken it: count both
    expect(victim?.output().split(`runs ${id}\n`).length).toBe(2); // it ran there once...
    expect(runsOf(id)).toBe(1); // ...and once more on one other worker, from the start
    expect(filesOf(id)).toEqual(['export.zip']);
    expect(await download(done, 1)).toBe(done.size);
  });

  test('an API process killed mid-stream: the client resumes on the other with Last-Event-ID, no gap, no duplicate', async () => {
    const { body } = await startExport(url(0), { scope: 'kill-api', params: { size: 20_000 } });
    const id = body.job.id;
    const first = openSse(url(0), id);
    await waitForJob(urls(), id, () => first.events.some((e) => e.job.status === 'running'), 10_000);
    const victim = apis[0] as Child & { url: string };
    victim.proc.kill('SIGKILL');
    await first.ended;
    const replacement = cluster.startApi(); // for the tests after this one, whatever happens here
    apis.splice(0, 1);
    const lastSeen = first.events.at(-1)?.id ?? 0;
    expect(first.events.some((e) => e.type === 'completed')).toBe(false); // cut before the end
    const resumed = openSse(url(0), id, lastSeen);
    await resumed.ended;
    const all = [...first.events, ...resumed.events];
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b)); // rising, each once
    expect(all.filter((e) => e.type === 'completed')).toHaveLength(1);
    expect(resumed.events[0]?.id).toBeGreaterThan(lastSeen);
    // No gap: every event of the shared log is received, or (coalescing) superseded by a later one received.
    const redis = new Redis(cluster.redisUrl);
    try {
      const log = (await redis.xrange(`rej:ev:${id}`, '-', '+')).map(([, f]) => JSON.parse(f[1] ?? '{}') as { id: number; type: string });
      const missed = log.filter((e) => !ids.includes(e.id));
      expect(missed.filter((e) => e.type !== 'progress')).toEqual([]); // only older snapshots, coalesced
      expect(log.at(-1)?.id).toBe(ids.at(-1));
    } finally {
      await redis.quit();
    }
    first.close();
    resumed.close();
    apis.unshift(await replacement);
  });

  test('a cancel and a completion racing from two processes: one terminal state, announced once', async () => {
    const stores = [createRedisJobStore({ url: cluster.redisUrl, prefix: 'race' }), createRedisJobStore({ url: cluster.redisUrl, prefix: 'race' })];
    try {
      await Promise.all(stores.map((s) => s.ready));
      const [cancel, complete] = stores.map((store) => createLifecycle({ store, dataDir: cluster.dataDir, now: Date.now, jobTtlMs: 60_000 }));
      for (let round = 0; round < 20; round++) {
        const job: ServerJob = { id: `race-job-${round}`, scope: null, status: 'running', progress: 50, warnings: [], createdAt: 1, updatedAt: 1, clientId: 'c', params: { size: 1, compress: true } };
        await stores[0]?.insert(job);
        const results = await Promise.all([
          cancel?.transition(job.id, { status: 'cancelled' }, 'cancelled'),
          complete?.transition(job.id, { status: 'completed', progress: 100 }, 'completed'),
        ]);
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        const events = (await stores[1]?.eventsAfter(job.id, 0)) ?? [];
        expect(events.map((e) => e.type)).toEqual([winners[0]?.status]);
        expect((await stores[1]?.get(job.id))?.status).toBe(winners[0]?.status);
        expect(await stores[0]?.countActive('c')).toBe(0);
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('SIGTERM drains: a worker finishes its running job before it exits, and no job is lost', async () => {
    const started = await Promise.all([0, 1, 2, 3].map((i) => startExport(url(i), { scope: `drain${i}`, params: { size: 20_000 } })));
    const ids = started.map((s) => s.body.job.id);
    await Promise.all(ids.map((id) => waitForJob(urls(), id, (j) => j.status !== 'pending', 10_000)));
    const victim = workers.find((w) => ids.some((id) => w.output().includes(`runs ${id}\n`))) as Child;
    const itsJobs = ids.filter((id) => victim.output().includes(`runs ${id}\n`));
    const before = await Promise.all(itsJobs.map((id) => getJob(url(0), id)));
    victim.proc.kill('SIGTERM');
    expect(before.map((j) => j.status)).toContain('running'); // it had work in hand
    expect(await victim.exited(25_000)).toBe(0);
    expect(victim.output()).toContain('drained');
    for (const id of itsJobs) expect((await getJob(url(0), id)).status).toBe('completed'); // finished before it left
    const finished = await Promise.all(ids.map((id) => waitForJob(urls(), id, isFinished, 30_000)));
    expect(finished.map((j) => j.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    // An API process drains too: it exits cleanly, and the other still answers for every job.
    const api = apis[1] as Child & { url: string };
    api.proc.kill('SIGTERM');
    expect(await api.exited(15_000)).toBe(0);
    for (const id of ids) expect((await getJob(url(0), id)).status).toBe('completed');
  });
});
