import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './apiError';
import { parseByteRange } from './byteRange';
import { formatContentDisposition } from './contentDisposition';
import { ifRangeAllows, noneMatchFails } from './entityTags';
import type { Lifecycle } from './lifecycle';
import { jobZipPath } from './paths';
import type { ServerJob } from './types';

/**
 * The body of `GET /api/exports/:id/file` once the token is checked and the
 * job is ready: headers (`Content-Disposition`, strong `ETag`,
 * `Accept-Ranges: bytes`), `If-None-Match` (304), a single `Range` (206,
 * `If-Range` with the strong ETag, 416 when unsatisfiable), and the delivery
 * receipt: `requested` before the first byte, then `completed` when every
 * byte of the answer was handed to the connection and the response finished,
 * or `aborted` when the connection closed first or the file could not be read.
 * `HEAD` and 304 answers send no body and record nothing.
 */
export async function serveJobFile(
  request: FastifyRequest,
  reply: FastifyReply,
  job: ServerJob,
  deliveryId: string,
  deps: { dataDir: string; lifecycle: Lifecycle },
): Promise<FastifyReply> {
  // Built before the file is opened: nothing to leak if it throws.
  const disposition = formatContentDisposition(job.fileName ?? 'export.zip');
  let handle: FileHandle;
  try {
    handle = await open(jobZipPath(deps.dataDir, job.id), 'r');
  } catch {
    throw new ApiError(410, 'expired', 'The file of this export is no longer available');
  }
  let owned = true; // until the read stream takes the handle over
  try {
    const size = (await handle.stat()).size;
    const etag = job.etag ?? `"${job.id}-${size}"`;
    const range = ifRangeAllows(header(request, 'if-range'), etag) ? parseByteRange(header(request, 'range'), size) : { kind: 'none' as const };
    const notModified = noneMatchFails(header(request, 'if-none-match'), etag);
    if (!notModified && range.kind === 'unsatisfiable') {
      throw new ApiError(416, 'range_not_satisfiable', `The requested range is outside the file (${size} bytes)`, {
        'Content-Range': `bytes */${size}`,
        'Accept-Ranges': 'bytes',
      });
    }
    reply
      .header('Content-Type', 'application/zip')
      .header('Content-Disposition', disposition)
      .header('ETag', etag)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Accept-Ranges', 'bytes');
    if (notModified) return reply.code(304).send();

    const start = range.kind === 'range' ? range.start : 0;
    const end = range.kind === 'range' ? range.end : size - 1;
    const length = size === 0 ? 0 : end - start + 1;
    if (range.kind === 'range') reply.code(206).header('Content-Range', `bytes ${start}-${end}/${size}`);
    reply.header('Content-Length', String(length));
    // HEAD: an empty stream, so that Fastify keeps the Content-Length of the file.
    if (request.method === 'HEAD') return reply.send(Readable.from([]));
    if (length === 0) {
      await track(deps.lifecycle, job.id, deliveryId, reply, () => 0, 0);
      return reply.send();
    }

    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        callback(null, chunk);
      },
      // A file that ends before `length` (truncated on disk) is a failed body: the error makes
      // Fastify cut the connection, instead of a response that stops short of Content-Length
      // and leaves the client waiting.
      flush(callback) {
        callback(sent === length ? null : new Error(`the file ended after ${sent} of ${length} bytes`));
      },
    });
    await track(deps.lifecycle, job.id, deliveryId, reply, () => sent, length);
    const body = handle.createReadStream({ start, end, autoClose: true });
    owned = false;
    body.on('error', (error) => counter.destroy(error));
    counter.on('close', () => body.destroy()); // the client went away: stop reading, close the file
    return reply.send(body.pipe(counter));
  } finally {
    if (owned) await handle.close().catch(() => undefined);
  }
}

/** Records `requested` now, and `completed`/`aborted` when the response ends. */
async function track(lifecycle: Lifecycle, jobId: string, deliveryId: string, reply: FastifyReply, sent: () => number, length: number): Promise<void> {
  const attempt = await lifecycle.recordDelivery(jobId, deliveryId, { status: 'requested' });
  if (attempt === 0) return;
  const res = reply.raw;
  let settled = false;
  const settle = (finished: boolean): void => {
    if (settled) return;
    settled = true;
    const bytesSent = sent();
    const status = finished && bytesSent === length ? 'completed' : 'aborted';
    lifecycle.recordDelivery(jobId, deliveryId, { status, bytesSent, attempt }).catch((error: unknown) => {
      reply.log.error({ err: error, jobId }, 'could not record a delivery');
    });
  };
  res.once('finish', () => settle(true));
  res.once('close', () => settle(false));
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
