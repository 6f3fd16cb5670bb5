import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import yazl from 'yazl';
import type { JobStore } from './jobStore';
import type { Lifecycle } from './lifecycle';
import { jobDir, jobZipPath } from './paths';
import { RowGenerator } from './rowGenerator';
import { formatBytes, waitDrain } from './streamHelpers';
import type { ServerJob, StageName } from './types';

/**
 * One export, start to end: `queued` -> `collecting` -> `writing` ->
 * `packing` -> `completed`, producing a real ZIP (yazl) holding `data.csv`
 * (generated rows, about `params.size` bytes, streamed to disk) and
 * `manifest.json`, in the job's own directory. Progress is honest: `writing`
 * and `packing` report bytes done. An abort (cancel, shutdown) stops the work
 * and removes the partial output; the cancel itself is reported by the route,
 * once, never as a failure. Every change goes through the lifecycle, so a job
 * cancelled elsewhere (another process) absorbs the late progress.
 *
 * Used by the in-process worker (`worker.ts`) and the BullMQ worker process
 * (`scaleOut/bullWorker.ts`).
 */
export interface ExportRunner {
  /**
   * Runs job `id` if it is `pending` (or, with `resume`, `running`: a run handed back by a
   * worker that died; its partial output is removed first). Resolves when the job is finished,
   * failed or aborted; never rejects for the export's own failures.
   */
  run(id: string, signal: AbortSignal, options?: { resume?: boolean }): Promise<void>;
}

export interface ExportRunnerOptions {
  store: JobStore;
  lifecycle: Lifecycle;
  dataDir: string;
  /** Minimum time each stage takes, in ms (the demo wants to see progress; tests want speed). */
  stageDelayMs: number;
  onError?(error: unknown, jobId: string): void;
}

const RANGES: Record<StageName, [number, number]> = {
  queued: [0, 0],
  collecting: [0, 10],
  writing: [10, 80],
  packing: [80, 99],
};

class SimulatedFailure extends Error {}

export function createExportRunner(opts: ExportRunnerOptions): ExportRunner {
  const { store, lifecycle, dataDir } = opts;

  async function run(id: string, signal: AbortSignal, options: { resume?: boolean } = {}): Promise<void> {
    const job = await store.get(id);
    if (!job || !(job.status === 'pending' || (options.resume && job.status === 'running'))) return;
    const dir = jobDir(dataDir, id);
    try {
      if (job.status === 'running') await rm(dir, { recursive: true, force: true, maxRetries: 3 }); // a dead run's leftovers
      await mkdir(dir, { recursive: true });
      const started = await lifecycle.transition(id, { status: 'running', stage: 'collecting', message: 'Collecting records' }, 'progress');
      if (!started) return;
      await collect(job, signal);
      const csv = await writeCsv(job, dir, signal);
      const zip = await pack(job, dir, csv, signal);
      signal.throwIfAborted();
      const done = await lifecycle.transition(
        id,
        { status: 'completed', progress: 100, stage: 'done', message: 'Ready to download', size: zip.size, etag: zip.etag },
        'completed',
      );
      if (!done) await rm(dir, { recursive: true, force: true }); // cancelled at the last moment
    } catch (error) {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
      if (signal.aborted) return; // cancelled or shutting down: the route already reported it
      const simulated = error instanceof SimulatedFailure;
      if (!simulated) opts.onError?.(error, id);
      await lifecycle.transition(
        id,
        {
          status: 'failed',
          message: 'Export failed',
          error: { code: 'export_failed', message: simulated ? (error as Error).message : 'The export could not be written' },
        },
        'failed',
      );
    }
  }

  async function progress(job: ServerJob, stage: StageName, fraction: number, message: string): Promise<void> {
    const [from, to] = RANGES[stage];
    const pct = Math.floor(from + (to - from) * Math.min(1, Math.max(0, fraction)));
    const current = await store.get(job.id);
    if (!current) return;
    if (current.stage === stage && Math.floor(current.progress) >= pct) return; // nothing new to say
    await lifecycle.transition(job.id, { stage, progress: pct, message }, 'progress');
  }

  function enterStage(job: ServerJob, stage: StageName): void {
    if (job.params.failAt === stage) throw new SimulatedFailure(`Simulated failure while ${stage}`);
  }

  async function collect(job: ServerJob, signal: AbortSignal): Promise<void> {
    enterStage(job, 'collecting');
    const steps = 5;
    for (let i = 1; i <= steps; i++) {
      await sleep(opts.stageDelayMs / steps, undefined, { signal });
      await progress(job, 'collecting', i / steps, 'Collecting records');
    }
  }

  async function writeCsv(job: ServerJob, dir: string, signal: AbortSignal) {
    enterStage(job, 'writing');
    const path = join(dir, 'data.csv');
    const out = createWriteStream(path);
    let streamError: unknown;
    out.on('error', (error) => (streamError ??= error)); // also swallows late write errors after a cancel
    const hash = createHash('sha256');
    const target = job.params.size;
    const rows = new RowGenerator(job.id);
    let written = 0;
    const started = Date.now();
    try {
      let chunk = `${RowGenerator.header}\n`;
      while (true) {
        signal.throwIfAborted();
        if (streamError) throw streamError;
        while (chunk.length < 64 * 1024 && written + chunk.length < target) chunk += rows.next();
        const buf = Buffer.from(chunk, 'utf8');
        hash.update(buf);
        written += buf.length;
        if (!out.write(buf)) await waitDrain(out, signal);
        const fraction = target > 0 ? written / target : 1;
        await progress(job, 'writing', fraction, `Writing rows (${formatBytes(written)})`);
        const behind = opts.stageDelayMs * Math.min(1, fraction) - (Date.now() - started);
        if (behind > 5) await sleep(behind, undefined, { signal });
        if (written >= target) break;
        chunk = '';
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (error) {
      out.destroy();
      throw error;
    }
    return { path, bytes: written, rows: rows.count, sha256: hash.digest('hex') };
  }

  async function pack(job: ServerJob, dir: string, csv: { path: string; bytes: number; rows: number; sha256: string }, signal: AbortSignal) {
    enterStage(job, 'packing');
    await progress(job, 'packing', 0, 'Packing the ZIP');
    const zip = new yazl.ZipFile();
    const mtime = new Date(job.createdAt);
    const input = createReadStream(csv.path);
    let read = 0;
    let lastReport = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        read += chunk.length;
        if (read - lastReport >= csv.bytes / 50) {
          lastReport = read;
          void progress(job, 'packing', read / Math.max(1, csv.bytes), 'Packing the ZIP');
        }
        cb(null, chunk);
      },
    });
    input.on('error', (e) => counter.destroy(e));
    zip.addReadStream(input.pipe(counter), 'data.csv', { size: csv.bytes, mtime, compress: job.params.compress });
    const manifest = {
      format: 'redux-export-jobs/reference-export@1',
      jobId: job.id,
      scope: job.scope,
      createdAt: new Date(job.createdAt).toISOString(),
      files: [{ name: 'data.csv', bytes: csv.bytes, rows: csv.rows, sha256: csv.sha256, columns: RowGenerator.header.split(',') }],
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime });
    zip.end();
    const partPath = join(dir, 'export.zip.part');
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await pipeline(zip.outputStream, tap, createWriteStream(partPath), { signal });
    } catch (error) {
      input.destroy();
      counter.destroy();
      throw error;
    }
    await unlink(csv.path);
    const finalPath = jobZipPath(dataDir, job.id);
    await rename(partPath, finalPath);
    const st = await stat(finalPath);
    if (st.size !== size) throw new Error('zip size mismatch');
    return { size, etag: `"${hash.digest('base64url')}"` };
  }

  return { run };
}
