/**
 * The foreign backend's export jobs: each goes `pending`, `processing` with
 * progress 0..100 in `steps` steps of `stepMs`, then `completed`; it can be
 * cancelled or made to fail. Every change is told to `onEvent`, which the
 * server emits over Socket.IO (`export:progress|completed|failed|cancelled`).
 */
import { randomUUID } from 'node:crypto';

export type ForeignStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface ExportOptions {
  annotationFormats: string[];
  metricsFormats: string[];
  includeOriginalImages: boolean;
}

export interface ForeignJob {
  jobId: string;
  projectId: string;
  options: ExportOptions;
  status: ForeignStatus;
  progress: number;
  message?: string;
  createdAt: string;
  completedAt?: string;
}

export type ForeignEventName = 'export:progress' | 'export:completed' | 'export:failed' | 'export:cancelled';
export interface ForeignEvent {
  jobId: string;
  progress?: number;
  message?: string;
}

export interface ForeignJobsOptions {
  stepMs: number;
  steps: number;
  onEvent(name: ForeignEventName, event: ForeignEvent): void;
}

export interface ForeignJobs {
  /** Makes a job; it starts working once `run` is called. */
  create(projectId: string, options: ExportOptions): ForeignJob;
  run(job: ForeignJob): void;
  /** Jumps to the end: `completed` at once. */
  finish(job: ForeignJob): void;
  fail(job: ForeignJob, message: string): void;
  cancel(job: ForeignJob): void;
  get(projectId: string, jobId: string): ForeignJob | undefined;
  list(projectId: string): ForeignJob[];
  close(): void;
}

export function createForeignJobs(options: ForeignJobsOptions): ForeignJobs {
  const jobs = new Map<string, ForeignJob>();
  const timers = new Map<string, NodeJS.Timeout>();
  const stop = (job: ForeignJob): void => {
    clearTimeout(timers.get(job.jobId));
    timers.delete(job.jobId);
  };
  const running = (job: ForeignJob): boolean => job.status === 'pending' || job.status === 'processing';
  const api: ForeignJobs = {
    create(projectId, exportOptions) {
      const job: ForeignJob = { jobId: randomUUID(), projectId, options: exportOptions, status: 'pending', progress: 0, createdAt: new Date().toISOString() };
      jobs.set(job.jobId, job);
      return job;
    },
    run(job) {
      const tick = (): void => {
        if (!running(job)) return;
        job.status = 'processing';
        job.progress = Math.min(100, job.progress + Math.ceil(100 / options.steps));
        if (job.progress >= 100) return api.finish(job);
        job.message = `Exporting (${job.progress}%)`;
        options.onEvent('export:progress', { jobId: job.jobId, progress: job.progress, message: job.message });
        timers.set(job.jobId, setTimeout(tick, options.stepMs));
      };
      timers.set(job.jobId, setTimeout(tick, options.stepMs));
    },
    finish(job) {
      if (!running(job)) return;
      stop(job);
      Object.assign(job, { status: 'completed', progress: 100, message: 'Export ready', completedAt: new Date().toISOString() });
      options.onEvent('export:completed', { jobId: job.jobId, progress: 100, message: job.message });
    },
    fail(job, message) {
      if (!running(job)) return;
      stop(job);
      Object.assign(job, { status: 'failed', message });
      options.onEvent('export:failed', { jobId: job.jobId, message });
    },
    cancel(job) {
      if (!running(job)) return;
      stop(job);
      Object.assign(job, { status: 'cancelled', message: 'Export cancelled' });
      options.onEvent('export:cancelled', { jobId: job.jobId, message: job.message });
    },
    get: (projectId, jobId) => {
      const job = jobs.get(jobId);
      return job && job.projectId === projectId ? job : undefined;
    },
    list: (projectId) => [...jobs.values()].filter((job) => job.projectId === projectId),
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
  return api;
}
