import { AbortedError, HttpStatusError, InvalidResponseError, NetworkError, TimeoutError } from '../errors';
import { checkDownloadUrl } from './download';
import { requestJson } from './request';
import type { RequestContext } from './request';
import { parseRetryAfter } from './retryAfter';
import { readJobAnswer } from './answers';

const job = { id: 'j1', scope: null, status: 'running', progress: 40, warnings: [], createdAt: 1, updatedAt: 2 };

function ctxWith(handler: (url: string, init: RequestInit) => Promise<Response>, extra: Partial<RequestContext> = {}): RequestContext {
  return { baseUrl: 'http://api.test/', fetch: (input, init) => handler(String(input), init ?? {}), timeoutMs: 1000, ...extra };
}
const get = (ctx: RequestContext, signal = new AbortController().signal) =>
  requestJson(ctx, { method: 'GET', path: '/api/exports/j1', signal, read: readJobAnswer });
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));

describe('requestJson', () => {
  test('the job inside the envelope is passed on untouched (the engine checks it once, at its edge)', async () => {
    const raw = { ...job, stage: null, secret: 'x', status: 'weird' };
    const out = await get(ctxWith(() => json({ job: raw, extra: 1 })));
    expect(out.job).toEqual(raw);
  });

  test('joins baseUrl and path, sends headers from an async function, JSON bodies typed', async () => {
    const seen: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
    const ctx = ctxWith(
      (url, init) => {
        seen.push({ url, headers: init.headers as Record<string, string>, body: init.body });
        return json({ job });
      },
      { headers: async () => ({ Authorization: 'Bearer abc' }) },
    );
    await requestJson(ctx, { method: 'POST', path: '/api/exports', body: { scope: 's' }, signal: new AbortController().signal, read: readJobAnswer });
    expect(seen[0]).toEqual({
      url: 'http://api.test/api/exports',
      headers: { Authorization: 'Bearer abc', Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"scope":"s"}',
    });
  });

  test('malformed JSON and a broken envelope (no job object) become InvalidResponseError, never a crash', async () => {
    await expect(get(ctxWith(() => Promise.resolve(new Response('<html>oops'))))).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(get(ctxWith(() => json({ jobs: job })))).rejects.toThrow(/at job$/);
    await expect(get(ctxWith(() => json({ job: 'j1' })))).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(get(ctxWith(() => json({ job: [job] })))).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(get(ctxWith(() => json(null)))).rejects.toBeInstanceOf(InvalidResponseError);
  });

  test('non-2xx becomes HttpStatusError with the server message and Retry-After (seconds or date)', async () => {
    const e1 = await get(ctxWith(() => json({ error: { code: 'busy', message: 'Slow down' } }, 429, { 'Retry-After': '7' }))).catch((e) => e);
    expect(e1).toBeInstanceOf(HttpStatusError);
    expect(e1).toMatchObject({ status: 429, code: 'rate_limited', message: 'Slow down', retryAfterMs: 7000 });
    const date = new Date(Date.now() + 30_000).toUTCString();
    const e2 = await get(ctxWith(() => Promise.resolve(new Response('nope', { status: 503, headers: { 'Retry-After': date } })))).catch((e) => e);
    expect(e2).toMatchObject({ status: 503, code: 'server_error' });
    expect(e2.retryAfterMs).toBeGreaterThan(25_000);
    const e3 = await get(ctxWith(() => json({}, 401))).catch((e) => e);
    expect(e3).toMatchObject({ status: 401, code: 'unauthorized', retryAfterMs: undefined });
  });

  test('fetch rejections become NetworkError', async () => {
    await expect(get(ctxWith(() => Promise.reject(new TypeError('fetch failed'))))).rejects.toBeInstanceOf(NetworkError);
    await expect(get(ctxWith(() => json({}), { headers: () => { throw new Error('no token'); } }))).rejects.toBeInstanceOf(NetworkError);
  });

  const hang = (_url: string, init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      if (init.signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });

  test('a slow answer becomes TimeoutError', async () => {
    const e = await get(ctxWith(hang, { timeoutMs: 30 })).catch((err) => err);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.timeoutMs).toBe(30);
  });

  test('the caller aborting becomes AbortedError, before or during the request', async () => {
    const c = new AbortController();
    c.abort();
    await expect(get(ctxWith(hang), c.signal)).rejects.toBeInstanceOf(AbortedError);
    const c2 = new AbortController();
    const p = get(ctxWith(hang), c2.signal);
    c2.abort();
    await expect(p).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('parseRetryAfter', () => {
  test.each([
    ['5', 5000],
    ['0', 0],
    [' 12 ', 12000],
    ['', undefined],
    ['soon', undefined],
    ['-3', undefined],
  ])('%j', (value, expected) => expect(parseRetryAfter(value)).toBe(expected));
  test('dates in the past are 0, huge values capped at a day', () => {
    expect(parseRetryAfter(new Date(0).toUTCString(), Date.now())).toBe(0);
    expect(parseRetryAfter('99999999')).toBe(86_400_000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('checkDownloadUrl', () => {
  test('same origin and relative links pass', () => {
    expect(checkDownloadUrl('/api/exports/a/file?token=t', 'http://api.test', [])).toBe('http://api.test/api/exports/a/file?token=t');
    expect(checkDownloadUrl('http://api.test/x', 'http://api.test/', [])).toBe('http://api.test/x');
  });
  test('other origins are refused unless allowed; non-http schemes always', () => {
    expect(() => checkDownloadUrl('https://evil.test/x', 'http://api.test', [])).toThrow(InvalidResponseError);
    expect(checkDownloadUrl('https://cdn.test/x', 'http://api.test', ['https://cdn.test/'])).toBe('https://cdn.test/x');
    expect(() => checkDownloadUrl('javascript:alert(1)', 'http://api.test', ['javascript:'])).toThrow(/scheme/);
    expect(() => checkDownloadUrl('http://api.test:8080/x', 'http://api.test', [])).toThrow(/another origin/);
  });
});
