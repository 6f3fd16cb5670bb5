import * as v from 'valibot';
import { JobSnapshotSchema, checkTerminalOnce, expect, expectError, jobOf } from './assertions';
import { call, readStream, startJob, waitForEnd } from './requests';
import type { ContractCheck } from './types';

/** Checks of a job's life: start, Idempotency-Key, status, the event stream and its resume, cancel. */
export const startCheck: ContractCheck = {
  name: 'POST /api/exports answers 202 {job}',
  async run(ctx, shared) {
    const job = await startJob(ctx, shared, ctx.exportBody);
    expect(['pending', 'running'].includes(job.status), `a new job should be pending or running, not ${job.status}`);
    expect(job.progress >= 0 && job.progress <= 100, 'progress must be within 0..100');
    shared.jobId = job.id;
  },
};

export const idempotencyCheck: ContractCheck = {
  name: 'Idempotency-Key: the same key answers the same job; another body with it is refused',
  async run(ctx, shared) {
    const key = `contract-check-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const post = (body: unknown) => call(ctx, shared, 'POST', '/api/exports', { json: body, headers: { 'Idempotency-Key': key } });
    const first = await post(ctx.exportBody);
    expect(first.status === 202, `first POST with an Idempotency-Key: expected 202, got ${first.status}`);
    const a = jobOf(first.json, 'first POST');
    const second = await post(ctx.exportBody);
    expect(second.status === 202, `the same POST again: expected 202, got ${second.status}`);
    const b = jobOf(second.json, 'second POST');
    if (b.id !== a.id) {
      await call(ctx, shared, 'POST', `/api/exports/${b.id}/cancel`);
      await call(ctx, shared, 'POST', `/api/exports/${a.id}/cancel`);
      return { skip: 'the backend ignores Idempotency-Key (two POSTs made two jobs)' };
    }
    const other = await post({ ...ctx.exportBody, scope: `${ctx.exportBody.scope ?? 'none'}-other` });
    expectError(other, [422], 'the same key with another body');
    await waitForEnd(ctx, shared, a.id);
  },
};

export const statusCheck: ContractCheck = {
  name: 'GET /api/exports/:id answers 200 {job} with the same id',
  async run(ctx, shared) {
    expect(shared.jobId, 'needs the job of the first check');
    const res = await call(ctx, shared, 'GET', `/api/exports/${shared.jobId}`);
    expect(res.status === 200, `expected 200, got ${res.status}`);
    expect(jobOf(res.json, 'GET').id === shared.jobId, 'a different job came back');
  },
};

export const sseCheck: ContractCheck = {
  name: 'SSE: numbered events, exactly one terminal event, then the stream ends',
  async run(ctx, shared) {
    expect(shared.jobId, 'needs the job of the first check');
    const stream = await readStream(ctx, shared, shared.jobId);
    expect(stream.status === 200, `expected 200, got ${stream.status}`);
    expect(stream.type.includes('text/event-stream'), `Content-Type is ${stream.type}`);
    expect(stream.events.length > 0, 'no events');
    for (const e of stream.events) {
      expect(e.id !== undefined && /^\d+$/.test(e.id), 'every event needs a numeric id');
      expect(['progress', 'completed', 'failed', 'cancelled'].includes(e.event ?? ''), `unknown event type ${e.event}`);
      const data = v.safeParse(v.object({ job: JobSnapshotSchema }), JSON.parse(e.data));
      expect(data.success, 'event data must be {job}');
    }
    checkTerminalOnce(stream.events, 'completed');
    shared.completed = true;
    shared.terminalEventId = Number(stream.events[stream.events.length - 1]?.id);
  },
};

export const sseResumeCheck: ContractCheck = {
  name: 'SSE honours Last-Event-ID: only later events, terminal once',
  async run(ctx, shared) {
    expect(shared.jobId && shared.terminalEventId, 'needs the finished job of the SSE check');
    const from = shared.terminalEventId - 1;
    const stream = await readStream(ctx, shared, shared.jobId, from);
    expect(stream.status === 200, `expected 200, got ${stream.status}`);
    expect(stream.events.every((e) => Number(e.id) > from), 'an event at or before Last-Event-ID was replayed');
    checkTerminalOnce(stream.events, 'completed');
  },
};

export const cancelCompletedCheck: ContractCheck = {
  name: 'POST cancel on a completed job answers 409',
  async run(ctx, shared) {
    expect(shared.jobId && shared.completed, 'needs the finished job');
    expectError(await call(ctx, shared, 'POST', `/api/exports/${shared.jobId}/cancel`), [409], 'cancel completed');
  },
};

export const cancelRunningCheck: ContractCheck = {
  name: 'POST cancel on a running job: 200, idempotent, one "cancelled" event, then no file',
  async run(ctx, shared) {
    const job = await startJob(ctx, shared, { ...ctx.exportBody, params: ctx.bigParams });
    const first = await call(ctx, shared, 'POST', `/api/exports/${job.id}/cancel`);
    if (first.status === 409) return { skip: 'the export finished before it could be cancelled' };
    expect(first.status === 200, `expected 200, got ${first.status}`);
    expect(['cancelled', 'cancelling'].includes(jobOf(first.json, 'cancel').status), 'the job is not cancelled');
    const second = await call(ctx, shared, 'POST', `/api/exports/${job.id}/cancel`);
    expect(second.status === 200, `a second cancel must answer 200 too, got ${second.status}`);
    const ended = await waitForEnd(ctx, shared, job.id);
    expect(ended.status === 'cancelled', `the job ended as ${ended.status}`);
    expect(!ended.error, 'a cancelled job must not carry an error');
    const stream = await readStream(ctx, shared, job.id);
    checkTerminalOnce(stream.events, 'cancelled');
    expectError(await call(ctx, shared, 'POST', `/api/exports/${job.id}/link`), [409], 'link on a cancelled job');
  },
};
