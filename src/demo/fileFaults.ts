/**
 * A small fault proxy for `GET /api/exports/:id/file`, standing in front of
 * the reference server (browserServer.ts `intercept`): the next file
 * requests can be answered with a status by the "proxy" itself (the server
 * never sees them, as with a load balancer's 503), cut after some bytes, or
 * paced. It also tells what the browser really got: every file response
 * that sent its last byte, and when.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Intercept } from './browserServer';

export type FileFault =
  | { kind: 'status'; status: number }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'slow'; msPerChunk: number }
  /** Passed on to the server after `ms` (a slow network before the first byte). */
  | { kind: 'hold'; ms: number };

export interface FileResponse {
  path: string;
  range: string | undefined;
  fault: FileFault['kind'] | 'none';
  bytes: number;
  /** Set when the response finished with its last byte (not cut, not a proxy's answer). */
  completedAt?: number;
  closedAt?: number;
}

export interface FileFaults {
  intercept: Intercept;
  /** Faults for the next file requests, in order; then requests pass untouched. */
  next: FileFault[];
  /** Applied to every file request once `next` is empty (e.g. a 403 for good). */
  always: FileFault | undefined;
  responses: FileResponse[];
  /** File responses that sent every byte. */
  completed(): FileResponse[];
}

export function createFileFaults(): FileFaults {
  const self: FileFaults = {
    next: [],
    always: undefined,
    responses: [],
    completed: () => self.responses.filter((r) => r.completedAt !== undefined),
    intercept: (req, res, hit) => {
      if (req.method !== 'GET' || !/^\/api\/exports\/[^/]+\/file$/.test(hit.path)) return 'pass';
      const fault = self.next.shift() ?? self.always;
      const entry: FileResponse = { path: hit.path, range: header(req, 'range'), fault: fault?.kind ?? 'none', bytes: 0 };
      self.responses.push(entry);
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
        res.end(`injected ${fault.status}`);
        return 'handled';
      }
      shapeBody(res, entry, fault);
      if (fault?.kind !== 'hold') return 'pass';
      return new Promise((done) => setTimeout(() => done('pass'), fault.ms));
    },
  };
  return self;
}

/** Counts (and cuts or paces) the body the server writes to `res`. */
function shapeBody(res: ServerResponse, entry: FileResponse, fault: FileFault | undefined): void {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  // Paced: each chunk goes out `msPerChunk` after the one before, and the end after the last.
  let tail = Promise.resolve();
  const later = (step: () => void) => {
    const ms = fault?.kind === 'slow' ? fault.msPerChunk : 0;
    tail = tail.then(() => new Promise<void>((done) => setTimeout(done, ms))).then(() => {
      if (!res.destroyed) step();
    });
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
    if (fault?.kind === 'cut' && entry.bytes + size > fault.afterBytes) {
      res.destroy(); // the connection goes, mid-body
      return false;
    }
    if (fault?.kind !== 'slow') {
      entry.bytes += size;
      return write(chunk, ...rest);
    }
    later(() => {
      entry.bytes += size;
      write(chunk, ...rest);
      res.emit('drain');
    });
    return false;
  }) as ServerResponse['write'];
  if (fault?.kind === 'slow') {
    res.end = ((...args: unknown[]) => {
      later(() => end(...args));
      return res;
    }) as ServerResponse['end'];
  }
  res.once('finish', () => {
    if (res.statusCode === 200 || res.statusCode === 206) entry.completedAt = Date.now();
  });
  res.once('close', () => (entry.closedAt = Date.now()));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
