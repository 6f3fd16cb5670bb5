/**
 * A test backend in the asynchronous request-reply style (node:http):
 * `POST /api/reports` answers 202 + `Location` + `Retry-After`; the status
 * URL answers 202 `{ percentComplete }` while the work runs, then 303 to
 * the file (or, with `completion: 'failed'`, 200 `{ status: 'failed' }`);
 * `DELETE` on it cancels. Every route wants `Authorization: Bearer secret`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestReplyServerOptions {
  /** How long the work runs. Default 200 ms. */
  durationMs?: number;
  /** Default '303'. */
  completion?: '303' | 'failed';
  /** The `Retry-After` of 202s, seconds. Default 0 (omitted). */
  retryAfterS?: number;
}

export async function startRequestReplyServer(options: RequestReplyServerOptions = {}) {
  const durationMs = options.durationMs ?? 200;
  const ops = new Map<string, { startedAt: number; cancelled: boolean }>();
  const requests: Array<{ method: string; url: string; status: number; at: number }> = [];
  let next = 0;

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    res.on('finish', () => requests.push({ method: req.method ?? '', url, status: res.statusCode, at: Date.now() }));
    if (req.headers.authorization !== 'Bearer secret') return send(res, 401, { 'Content-Type': 'application/json' }, '{"error":"unauthorized"}');
    const retry: Record<string, string> = options.retryAfterS ? { 'Retry-After': String(options.retryAfterS) } : {};
    if (req.method === 'POST' && url === '/api/reports') {
      const id = `op${++next}`;
      ops.set(id, { startedAt: Date.now(), cancelled: false });
      return send(res, 202, { Location: `/api/reports/operations/${id}`, ...retry, 'Content-Type': 'application/json' }, '{}');
    }
    const op = /^\/api\/reports\/(operations|files)\/(\w+)$/.exec(url);
    const job = op && ops.get(op[2]!);
    if (!op || !job) return send(res, 404, {}, '');
    if (op[1] === 'files') {
      const body = Buffer.from(`report of ${op[2]}`);
      return send(res, 200, { 'Content-Type': 'text/csv', 'Content-Length': String(body.length), 'Content-Disposition': `attachment; filename="${op[2]}.csv"` }, body);
    }
    if (req.method === 'DELETE') {
      job.cancelled = true;
      return send(res, 204, {});
    }
    if (job.cancelled) return send(res, 200, { 'Content-Type': 'application/json' }, '{"status":"cancelled"}');
    const percentComplete = Math.min(100, Math.round(((Date.now() - job.startedAt) / durationMs) * 100));
    if (percentComplete < 100) return send(res, 202, { ...retry, 'Content-Type': 'application/json' }, JSON.stringify({ percentComplete }));
    if (options.completion === 'failed') return send(res, 200, { 'Content-Type': 'application/json' }, '{"status":"failed","error":"The report query timed out"}');
    return send(res, 303, { Location: `/api/reports/files/${op[2]}` });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    ops,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type RequestReplyServer = Awaited<ReturnType<typeof startRequestReplyServer>>;
