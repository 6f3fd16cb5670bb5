import * as v from 'valibot';
import { DeliveriesBody, LinkBody, expect, expectError } from './assertions';
import { call, startJob } from './requests';
import type { ContractCheck } from './types';

/** Checks of a download: the signed link, the file answer, receipts, refused tokens, no link before the end. */
export const linkCheck: ContractCheck = {
  name: 'POST /api/exports/:id/link on a finished job answers 200 {url, expiresAt}',
  async run(ctx, shared) {
    expect(shared.jobId && shared.completed, 'needs the finished job');
    const res = await call(ctx, shared, 'POST', `/api/exports/${shared.jobId}/link`);
    expect(res.status === 200, `expected 200, got ${res.status}`);
    const parsed = v.safeParse(LinkBody, res.json);
    expect(parsed.success, 'the body is not {url, expiresAt}');
    const url = new URL(parsed.output.url, ctx.baseUrl);
    expect(url.origin === new URL(ctx.baseUrl).origin, `the link points to another origin (${url.origin})`);
    if (typeof parsed.output.expiresAt === 'number') expect(parsed.output.expiresAt > Date.now() - 5_000, 'the link is already expired');
    shared.link = { url: url.href, expiresAt: parsed.output.expiresAt };
    if (parsed.output.deliveryId !== undefined) shared.link.deliveryId = parsed.output.deliveryId;
  },
};

export const fileCheck: ContractCheck = {
  name: 'GET the signed link: 200, attachment with filename and filename*, Content-Length, ETag',
  async run(ctx, shared) {
    expect(shared.link, 'needs the link of the previous check');
    const res = await call(ctx, shared, 'GET', shared.link.url, { absolute: true });
    expect(res.status === 200, `expected 200, got ${res.status}`);
    const cd = res.headers.get('Content-Disposition') ?? '';
    expect(/^attachment\s*;/i.test(cd), `Content-Disposition is "${cd}"`);
    expect(/filename\s*=/i.test(cd) && /filename\*\s*=\s*UTF-8''/i.test(cd), 'Content-Disposition needs filename= and filename*=UTF-8\'\'');
    const length = res.headers.get('Content-Length');
    expect(length !== null && Number(length) === res.bytes.length, `Content-Length ${length} does not match ${res.bytes.length} bytes`);
    expect(res.bytes.length > 0, 'the file is empty');
    expect(res.headers.get('ETag'), 'no ETag');
  },
};

export const receiptsCheck: ContractCheck = {
  name: 'Delivery receipts: the link names a delivery, listed as completed after the download (optional)',
  async run(ctx, shared) {
    expect(shared.jobId && shared.link, 'needs the link and the download of the previous checks');
    const deliveryId = shared.link.deliveryId;
    if (deliveryId === undefined) return { skip: 'the link answer has no deliveryId (receipts are optional)' };
    expect(deliveryId.length > 0, 'deliveryId is empty');
    const deadline = Date.now() + Math.min(ctx.jobTimeoutMs, 5_000);
    while (true) {
      const res = await call(ctx, shared, 'GET', `/api/exports/${shared.jobId}`);
      const parsed = v.safeParse(DeliveriesBody, res.json);
      expect(parsed.success, `job.deliveries is not a list of {id, status, requestedAt} (${parsed.issues?.[0]?.message ?? ''})`);
      const deliveries = parsed.output.job.deliveries;
      if (deliveries === undefined) return { skip: 'the job answer has no deliveries (receipts are optional)' };
      const found = deliveries.find((d) => d.id === deliveryId);
      if (found?.status === 'completed') return;
      expect(Date.now() < deadline, `the downloaded delivery is ${found ? found.status : 'not listed'}, not completed`);
      await new Promise((r) => setTimeout(r, 100));
    }
  },
};

export const noTokenCheck: ContractCheck = {
  name: 'GET file without a token answers 401',
  async run(ctx, shared) {
    expect(shared.jobId, 'needs a job');
    expectError(await call(ctx, shared, 'GET', `/api/exports/${shared.jobId}/file`), [401], 'GET file without token');
  },
};

export const badTokenCheck: ContractCheck = {
  name: 'GET file with a tampered token answers 403',
  async run(ctx, shared) {
    expect(shared.link, 'needs a link');
    const url = new URL(shared.link.url);
    const token = url.searchParams.get('token');
    if (!token) return { skip: 'the link carries no ?token= to tamper with' };
    const last = token.slice(-1);
    url.searchParams.set('token', `${token.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`);
    expectError(await call(ctx, shared, 'GET', url.href, { absolute: true }), [403], 'tampered token');
    url.searchParams.set('token', 'not-a-token');
    expectError(await call(ctx, shared, 'GET', url.href, { absolute: true }), [403], 'garbage token');
  },
};

export const linkUnfinishedCheck: ContractCheck = {
  name: 'POST link on an unfinished job answers 409',
  async run(ctx, shared) {
    const job = await startJob(ctx, shared, { ...ctx.exportBody, params: ctx.bigParams });
    const res = await call(ctx, shared, 'POST', `/api/exports/${job.id}/link`);
    await call(ctx, shared, 'POST', `/api/exports/${job.id}/cancel`);
    if (res.status === 200) return { skip: 'the export finished before the check could ask' };
    expectError(res, [409], 'link on an unfinished job');
  },
};
