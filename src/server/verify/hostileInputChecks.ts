import * as v from 'valibot';
import { fileNameFromContentDisposition } from '../../../features/exports/http/contentDisposition';
import { ErrorBody, LinkBody, expect, expectError, safeJson } from './assertions';
import { call, startJob, waitForEnd } from './requests';
import type { ContractCheck } from './types';

/** Checks of what a hostile or careless client sends: unknown ids, bad JSON, traversal, odd file names; no leaks. */
export const unknownIdsCheck: ContractCheck = {
  name: 'Unknown ids answer 404 {error} on every route',
  async run(ctx, shared) {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    expectError(await call(ctx, shared, 'GET', `/api/exports/${id}`), [404], 'GET status');
    expectError(await call(ctx, shared, 'POST', `/api/exports/${id}/cancel`), [404], 'cancel');
    expectError(await call(ctx, shared, 'POST', `/api/exports/${id}/link`), [404], 'link');
    const events = await call(ctx, shared, 'GET', `/api/exports/${id}/events`);
    expect(events.status === 404, `events: expected 404, got ${events.status}`);
    expectError(await call(ctx, shared, 'GET', `/api/exports/${id}/file?token=v1.1.x`), [401, 403, 404], 'file');
  },
};

export const malformedCheck: ContractCheck = {
  name: 'Malformed JSON and wrong types answer 400 {error}',
  async run(ctx, shared) {
    const post = (body: string) => call(ctx, shared, 'POST', '/api/exports', { body, headers: { 'Content-Type': 'application/json' } });
    expectError(await post('{"scope": '), [400], 'malformed JSON');
    expectError(await post('[1,2,3]'), [400], 'an array body');
    expectError(await post('{"scope": 123}'), [400], 'scope: number');
    expectError(await post('{"fileName": {"a": 1}}'), [400], 'fileName: object');
    expectError(await post('{"params": "big"}'), [400], 'params: string');
  },
};

export const traversalCheck: ContractCheck = {
  name: 'Path traversal in ids answers 4xx, never 200 or 500',
  async run(ctx, shared) {
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', 'a%00b', '%5C..%5Cwindows']) {
      for (const suffix of ['', '/events', '/file?token=x']) {
        const res = await call(ctx, shared, 'GET', `/api/exports/${id}${suffix}`);
        expect(res.status >= 400 && res.status < 500, `GET /api/exports/${id}${suffix}: got ${res.status}`);
      }
    }
  },
};

export const unicodeNameCheck: ContractCheck = {
  name: 'A file name with Unicode, quotes and ../ comes back safe',
  async run(ctx, shared) {
    const job = await startJob(ctx, shared, { ...ctx.exportBody, fileName: 'Rapport "été" ../../etc/passwd.zip' });
    const ended = await waitForEnd(ctx, shared, job.id);
    expect(ended.status === 'completed', `the export ended as ${ended.status}`);
    const link = await call(ctx, shared, 'POST', `/api/exports/${job.id}/link`);
    const parsed = v.safeParse(LinkBody, link.json);
    expect(parsed.success, 'no link');
    const file = await call(ctx, shared, 'GET', new URL(parsed.output.url, ctx.baseUrl).href, { absolute: true });
    expect(file.status === 200, `file: ${file.status}`);
    const name = fileNameFromContentDisposition(file.headers.get('Content-Disposition'));
    expect(name, 'no file name in Content-Disposition');
    expect(!/[/\\]/.test(name), `the name "${name}" holds a path separator`);
    expect(name.includes('été'), `the name "${name}" lost its Unicode`);
  },
};

export const errorBodiesCheck: ContractCheck = {
  name: 'Error bodies are {error:{code,message}}; no response carries a server path',
  async run(_ctx, shared) {
    const pathLike = /(^|[\s"'=])(\/(tmp|home|root|Users|var|private|opt|srv|usr)\/|[A-Za-z]:\\\\)/;
    for (const r of shared.responses) {
      expect(!pathLike.test(r.body) && !pathLike.test(r.headers), `${r.what} (${r.status}) carries something like a server path`);
      if (r.status >= 400 && r.status !== 404 && r.body) {
        expect(v.safeParse(ErrorBody, safeJson(r.body)).success, `${r.what} (${r.status}): the body is not {error:{code,message}}`);
      }
    }
  },
};
