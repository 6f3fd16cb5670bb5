import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** Test helper: an answer read to its end with Node's own client (no fetch normalisation of methods or paths). */
export interface RawAnswer {
  status: number;
  type: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request as given (method, path, headers, body) and reads the whole answer; fails after 5 s. */
export function sendRaw(port: number, method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), headers: res.headers, body: text });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path} did not end within 5 s`));
    }, 5_000);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Writes raw bytes on a socket and returns what came back. */
export function rawSocket(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

/** True when `text` is exactly `{"error":{"code":string,"message":string}}`, nothing more. */
export function isErrorShape(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Object.keys(parsed).join() !== 'error') return false;
  const error = (parsed as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as Record<string, unknown>;
  return Object.keys(error).sort().join() === 'code,message' && typeof code === 'string' && typeof message === 'string';
}
