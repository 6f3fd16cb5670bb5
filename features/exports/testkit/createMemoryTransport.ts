/**
 * `createMemoryTransport`: a scriptable, in-memory export server for tests,
 * yours and ours. Drive the server by hand (`server.progress`, `complete`,
 * `fail`, `expire`), inject faults (`server.failNext`), hold downloads open
 * (`server.holdDownloads`) and count what happened (`downloads`, `calls`).
 *
 * @example
 * const transport = createMemoryTransport()
 * const { store } = createExportsStore({ transport })
 * const { payload } = await store.dispatch(startExport({ scope: 'p1' }))
 * transport.server.complete(payload.id, { fileName: 'p1.zip' })
 * store.dispatch(jobCompleted({ id: payload.id })) // or let the monitor poll it
 * await new Promise((resolve) => setTimeout(resolve, 0))
 * expect(transport.downloads.count(payload.id)).toBe(1)
 */
import { AbortedError } from '../errors/AbortedError';
import type { ExportError } from '../errors/ExportError';
import { HttpStatusError } from '../errors/HttpStatusError';
import type { DeliveryReceipt, DownloadOptions, ErrorInfo, ExportJob, ExportTransport, JobEvent, JobSnapshot, StartExportRequest } from '../model/types';
import { createDeliveryDesk } from './memoryDeliveries';
import type { DeliveryFate } from './memoryDeliveries';

export type MemoryOperation = 'start' | 'getStatus' | 'cancel' | 'download' | 'subscribe' | 'getDelivery';

export interface MemoryTransportOptions {
  /** Give the transport a push channel (`subscribe`); without it the feature polls. @default false */
  push?: boolean;
  /** The server's clock. @default Date.now */
  now?: () => number;
  /** Prefix of the job ids it makes. @default 'job-' */
  idPrefix?: string;
  /**
   * Downloads hand over links that name deliveries, with receipts
   * (`getDelivery`), like the reference server in link mode; what the
   * browser does with each link is scripted by `server.nextDeliveries`.
   * Without it a download saves the file itself (blob mode). @default false
   */
  receipts?: boolean;
}

export interface MemoryServer {
  /** Reports progress (and a stage) of a running job. */
  progress(id: string, progress: number, stage?: string): void;
  /** Finishes a job: its file can be downloaded. */
  complete(id: string, info?: { fileName?: string; size?: number; warnings?: string[] }): void;
  /** Fails a job with an error code. */
  fail(id: string, code?: string, message?: string): void;
  /** Forgets a job: 410 from now on. */
  expire(id: string): void;
  /** The next `times` calls of `op` fail with `error` (an `ExportError` or an HTTP status). */
  failNext(op: MemoryOperation, error: ExportError | number, times?: number): void;
  /** Downloads wait (until `releaseDownloads` or their signal aborts). */
  holdDownloads(): void;
  releaseDownloads(): void;
  /**
   * Start answers wait: the job is made when the request comes, but its
   * answer is held (until `releaseStarts` or the request's signal aborts),
   * like a reload that cuts `POST /api/exports` in flight.
   */
  holdStarts(): void;
  releaseStarts(): void;
  /** With `receipts`: what the browser does with the next `times` links (`completed` when not scripted). */
  nextDeliveries(fate: DeliveryFate, times?: number): void;
  /** With `receipts`: ends a delivery left `requested`. */
  settleDelivery(deliveryId: string, status: 'completed' | 'aborted'): void;
  /** With `receipts`: the browser resumes an aborted delivery on the same link (it is `requested` again). */
  resumeDelivery(deliveryId: string): void;
  /** With `receipts`: the deliveries of one job, or of all, oldest first. */
  deliveries(jobId?: string): Array<DeliveryReceipt & { jobId: string }>;
  /** What the server knows about a job. */
  snapshot(id: string): JobSnapshot | undefined;
  /** Every job the server made, in order. */
  jobIds(): string[];
}

export interface MemoryDownloads {
  /** Files that arrived (with `receipts`: completed deliveries), for one job or in all. */
  count(jobId?: string): number;
  log: Array<{ jobId: string; at: number }>;
}

export interface MemoryCalls {
  /** Transport calls made, per operation, for one job or in all (failed ones included). */
  count(op: MemoryOperation, jobId?: string): number;
  log: Array<{ op: MemoryOperation; jobId?: string; at: number }>;
}

export type MemoryTransport = ExportTransport & {
  server: MemoryServer;
  downloads: MemoryDownloads;
  calls: MemoryCalls;
  /** Downloads being served now (held or not). */
  openDownloads(): number;
  /** Subscriptions whose signal has not aborted yet. */
  openSubscriptions(): number;
};

interface Fault {
  error: ExportError | number;
  times: number;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);

export function createMemoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const now = options.now ?? Date.now;
  const idPrefix = options.idPrefix ?? 'job-';
  const jobs = new Map<string, JobSnapshot>();
  const order: string[] = [];
  const faults = new Map<MemoryOperation, Fault[]>();
  const subscribers = new Map<string, Set<(e: JobEvent) => void>>();
  const downloadLog: MemoryDownloads['log'] = [];
  const callLog: MemoryCalls['log'] = [];
  let held = false;
  let startsHeld = false;
  const heldStarts = new Set<() => void>();
  /** Jobs by the start's `Idempotency-Key`: the same key answers the same job. */
  const byKey = new Map<string, string>();
  let open = 0;
  let openSubs = 0;
  const waiting = new Set<() => void>();
  let nextId = 1;
  const desk = createDeliveryDesk((jobId) => downloadLog.push({ jobId, at: now() }));

  const record = (op: MemoryOperation, jobId?: string): void => {
    callLog.push({ op, jobId, at: now() });
  };
  const injectFault = (op: MemoryOperation): void => {
    const queue = faults.get(op);
    const fault = queue?.[0];
    if (!queue || !fault) return;
    fault.times -= 1;
    if (fault.times <= 0) queue.shift();
    throw typeof fault.error === 'number' ? new HttpStatusError(fault.error) : fault.error;
  };
  const known = (id: string): JobSnapshot => {
    const job = jobs.get(id);
    if (!job) throw new HttpStatusError(404, { message: `Unknown export ${id}` });
    if (job.status === 'expired') throw new HttpStatusError(410, { message: `Export ${id} has expired` });
    return job;
  };
  const copy = (job: JobSnapshot): JobSnapshot => ({ ...job, warnings: [...(job.warnings ?? [])] });
  const emit = (job: JobSnapshot, type: JobEvent['type']): void => {
    const listeners = subscribers.get(job.id);
    if (!listeners) return;
    const event: JobEvent = { type, job: copy(job) };
    queueMicrotask(() => listeners.forEach((listener) => listener(event)));
  };
  const update = (id: string, change: Partial<JobSnapshot>, type: JobEvent['type']): void => {
    const job = jobs.get(id);
    if (!job) throw new Error(`memory transport: no job ${id}`);
    if (TERMINAL.has(job.status)) return;
    Object.assign(job, change, { updatedAt: now() });
    emit(job, type);
  };
  const abortable = <T>(signal: AbortSignal, work: () => T | PromiseLike<T>): Promise<T> => {
    if (signal.aborted) return Promise.reject(new AbortedError(signal.reason));
    return Promise.resolve().then(() => {
      if (signal.aborted) throw new AbortedError(signal.reason);
      return work();
    });
  };

  /** Waits for `releaseStarts`; rejects when `signal` aborts first. */
  const heldUntilReleased = (signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const resume = (): void => {
        heldStarts.delete(resume);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        heldStarts.delete(resume);
        reject(new AbortedError(signal.reason));
      };
      heldStarts.add(resume);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  const server: MemoryServer = {
    progress: (id, progress, stage) => update(id, { status: 'running', progress, ...(stage ? { stage } : {}) }, 'progress'),
    complete: (id, info = {}) =>
      update(id, { status: 'completed', progress: 100, fileName: info.fileName ?? `${id}.zip`, size: info.size ?? 1024, warnings: info.warnings ?? [], completedAt: now() }, 'completed'),
    fail: (id, code = 'export_failed', message = 'The export failed') => {
      const error: ErrorInfo = { code, message };
      update(id, { status: 'failed', error }, 'failed');
    },
    expire: (id) => {
      const job = jobs.get(id);
      if (!job) return;
      job.status = 'expired';
      job.updatedAt = now();
      emit(job, 'expired');
    },
    failNext: (op, error, times = 1) => {
      const queue = faults.get(op) ?? [];
      queue.push({ error, times });
      faults.set(op, queue);
    },
    holdStarts: () => {
      startsHeld = true;
    },
    releaseStarts: () => {
      startsHeld = false;
      for (const resume of [...heldStarts]) resume();
    },
    holdDownloads: () => {
      held = true;
    },
    releaseDownloads: () => {
      held = false;
      for (const resume of [...waiting]) resume();
    },
    snapshot: (id) => {
      const job = jobs.get(id);
      return job ? copy(job) : undefined;
    },
    jobIds: () => [...order],
    nextDeliveries: (fate, times = 1) => desk.script(fate, times),
    settleDelivery: (deliveryId, status) => desk.settle(deliveryId, status),
    resumeDelivery: (deliveryId) => desk.resume(deliveryId),
    deliveries: (jobId) => desk.list(jobId),
  };

  const transport: MemoryTransport = {
    start: (req: StartExportRequest, signal) =>
      abortable(signal, async () => {
        record('start');
        injectFault('start');
        const known = req.idempotencyKey === undefined ? undefined : byKey.get(req.idempotencyKey);
        const id = known ?? `${idPrefix}${nextId++}`;
        if (!known) {
          const at = now();
          const job: JobSnapshot = { id, scope: req.scope, status: 'pending', progress: 0, warnings: [], createdAt: at, updatedAt: at };
          if (req.fileName !== undefined) job.fileName = req.fileName;
          jobs.set(id, job);
          order.push(id);
          if (req.idempotencyKey !== undefined) byKey.set(req.idempotencyKey, id);
        }
        if (startsHeld) await heldUntilReleased(signal);
        return copy(jobs.get(id)!);
      }),
    getStatus: (id, signal) =>
      abortable(signal, () => {
        record('getStatus', id);
        injectFault('getStatus');
        return copy(known(id));
      }),
    cancel: (id, signal) =>
      abortable(signal, () => {
        record('cancel', id);
        injectFault('cancel');
        const job = known(id);
        if (job.status === 'completed') throw new HttpStatusError(409, { message: `Export ${id} already completed` });
        if (!TERMINAL.has(job.status)) update(id, { status: 'cancelled' }, 'cancelled');
        return copy(job);
      }),
    download: (job: ExportJob, opts: DownloadOptions) =>
      abortable(opts.signal, async () => {
        record('download', job.id);
        injectFault('download');
        const serverJob = known(job.id);
        if (serverJob.status !== 'completed') throw new HttpStatusError(409, { message: `Export ${job.id} is not ready` });
        open += 1;
        try {
          if (held) {
            await new Promise<void>((resolve, reject) => {
              const resume = (): void => {
                waiting.delete(resume);
                opts.signal.removeEventListener('abort', onAbort);
                resolve();
              };
              const onAbort = (): void => {
                waiting.delete(resume);
                reject(new AbortedError(opts.signal.reason));
              };
              waiting.add(resume);
              opts.signal.addEventListener('abort', onAbort, { once: true });
            });
          }
          if (options.receipts) {
            const deliveryId = desk.newId();
            await opts.beforeHandover?.(deliveryId);
            desk.handOver(job.id, deliveryId);
            return { delivery: 'handedOver', deliveryId } as const;
          }
          opts.onProgress?.(serverJob.size ?? 0, serverJob.size);
          await opts.beforeHandover?.();
          downloadLog.push({ jobId: job.id, at: now() });
          return { delivery: 'saved' } as const;
        } finally {
          open -= 1;
        }
      }),
    server,
    downloads: {
      count: (jobId) => (jobId === undefined ? downloadLog.length : downloadLog.filter((d) => d.jobId === jobId).length),
      log: downloadLog,
    },
    calls: {
      count: (op, jobId) => callLog.filter((c) => c.op === op && (jobId === undefined || c.jobId === jobId)).length,
      log: callLog,
    },
    openDownloads: () => open,
    openSubscriptions: () => openSubs,
  };

  if (options.receipts) {
    transport.getDelivery = (id, deliveryId, signal) =>
      abortable(signal, () => {
        record('getDelivery', id);
        injectFault('getDelivery');
        known(id);
        return desk.receipt(id, deliveryId);
      });
  }

  if (options.push) {
    transport.subscribe = (id, onEvent, signal) => {
      record('subscribe', id);
      injectFault('subscribe');
      if (signal.aborted) return;
      const listeners = subscribers.get(id) ?? new Set();
      subscribers.set(id, listeners);
      listeners.add(onEvent);
      openSubs += 1;
      signal.addEventListener(
        'abort',
        () => {
          listeners.delete(onEvent);
          openSubs -= 1;
          if (listeners.size === 0) subscribers.delete(id);
        },
        { once: true },
      );
    };
  }
  return transport;
}
