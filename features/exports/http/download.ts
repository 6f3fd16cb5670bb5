import { AbortedError, ExportError, InvalidResponseError, NetworkError } from '../errors';
import type { DownloadOptions, DownloadResult, ExportJob } from '../model/types';
import { fileNameFromContentDisposition } from './contentDisposition';
import type { RequestContext } from './request';
import { apiUrl, httpError, requestJson, toTransportError } from './request';
import { sanitizeFileName } from './sanitizeFileName';
import { readLinkAnswer } from './answers';
import { linkSignal } from './signals';

/** Hands a URL to the browser's own download machinery (no file in memory). */
export type OpenUrl = (url: string, fileName: string | undefined) => void | Promise<void>;
/** Saves a downloaded blob under a (sanitized) name. */
export type SaveFile = (blob: Blob, fileName: string) => void | Promise<void>;

export interface DownloadDeps {
  ctx: RequestContext;
  mode: 'link' | 'blob';
  /** Origins download links may point to, besides the API's own. */
  allowedOrigins: string[];
  openUrl: OpenUrl;
  saveFile: SaveFile;
  /** A blob download fails when no byte arrives for this long (not a total timeout: big files take long). */
  idleTimeoutMs: number;
}

/**
 * `link` (default): POST /link, check the URL's origin, hand it to the browser.
 * `blob`: POST /link, stream the file with progress, name it from
 * `Content-Disposition` (`filename*` preferred), save it.
 */
export async function downloadJob(deps: DownloadDeps, job: ExportJob, opts: DownloadOptions): Promise<DownloadResult> {
  const link = await requestJson(deps.ctx, {
    method: 'POST',
    path: `/api/exports/${encodeURIComponent(job.id)}/link`,
    signal: opts.signal,
    read: readLinkAnswer,
  });
  const url = checkDownloadUrl(link.url, deps.ctx.baseUrl, deps.allowedOrigins);
  if (opts.signal.aborted) throw new AbortedError(opts.signal.reason);
  if (deps.mode === 'link') {
    // Written to storage before the click: a reload then knows the link went out, and which delivery it names.
    await opts.beforeHandover?.(link.deliveryId);
    await deps.openUrl(url, job.fileName ? sanitizeFileName(job.fileName) : undefined);
    return link.deliveryId === undefined ? { delivery: 'handedOver' } : { delivery: 'handedOver', deliveryId: link.deliveryId };
  }
  // The signed URL is the credential: the app's own auth headers are not sent along.
  await fetchBlob({ ...deps, fetch: deps.ctx.fetch }, url, job.fileName, `export-${job.id}`, opts);
  return { delivery: 'saved' };
}

/** What a blob download needs: how to fetch the URL (with whatever auth it takes), how to save, the idle timeout. */
export interface BlobDeps {
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  saveFile: SaveFile;
  idleTimeoutMs: number;
}

/**
 * Streams `url` with progress, checks the length, names the file from
 * `Content-Disposition` (else `fileName`, else `fallbackName`), sanitized,
 * and saves it after `beforeHandover`.
 */
export async function fetchBlob(deps: BlobDeps, url: string, fileName: string | undefined, fallbackName: string, opts: DownloadOptions): Promise<void> {
  const linked = linkSignal(opts.signal, deps.idleTimeoutMs);
  try {
    let response: Response;
    try {
      response = await deps.fetch(url, { signal: linked.signal });
    } catch (cause) {
      throw toTransportError(cause, opts.signal, linked, deps.idleTimeoutMs);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw httpError(response, text.slice(0, 4096));
    }
    const lengthHeader = response.headers.get('Content-Length');
    const total = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    try {
      if (response.body) {
        const reader = response.body.getReader();
        while (true) {
          const { done, value } = await reader.read();
          if (done) break;
          linked.touch();
          chunks.push(value);
          loaded += value.byteLength;
          opts.onProgress?.(loaded, total);
        }
      } else {
        const buf = new Uint8Array(await response.arrayBuffer());
        chunks.push(buf);
        loaded = buf.byteLength;
        opts.onProgress?.(loaded, total);
      }
    } catch (cause) {
      throw toTransportError(cause, opts.signal, linked, deps.idleTimeoutMs);
    }
    if (total !== undefined && loaded !== total) {
      throw new NetworkError(`The download was cut short (${loaded} of ${total} bytes)`);
    }
    const headerName = fileNameFromContentDisposition(response.headers.get('Content-Disposition'));
    const name = sanitizeFileName(headerName ?? fileName ?? fallbackName, { fallback: fallbackName });
    const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
    const blob = new Blob(chunks as BlobPart[], { type });
    if (opts.signal.aborted) throw new AbortedError(opts.signal.reason);
    await opts.beforeHandover?.();
    await deps.saveFile(blob, name);
  } finally {
    linked.dispose();
  }
}

/** Resolves a link against the API base and refuses other origins and non-http(s) schemes. */
export function checkDownloadUrl(raw: string, baseUrl: string, allowedOrigins: string[]): string {
  const base = absoluteBase(baseUrl);
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    throw new InvalidResponseError('The download link is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidResponseError(`Refused a download link with the scheme ${url.protocol}`);
  }
  const own = base ? new URL(base).origin : undefined;
  const allowed = new Set(allowedOrigins.map(originOf).filter((o): o is string => o !== undefined));
  if (url.origin !== own && !allowed.has(url.origin)) {
    throw new InvalidResponseError(`Refused a download link on another origin (${url.origin}); list it in allowedOrigins to allow it`);
  }
  return url.href;
}

function absoluteBase(baseUrl: string): string | undefined {
  const loc = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(apiUrl(baseUrl, '/'), loc).href;
  } catch {
    return undefined;
  }
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * How long the page must live after the click for the handover to count.
 * A reload or navigation in that instant can cancel the browser's download;
 * then this never resolves, the record stays `downloading` on disk, and the
 * next page offers "Download again" instead of claiming a file that never came.
 */
export const LINK_HANDOVER_MS = 1_000;

/** Browser default of `openUrl`: a temporary `<a download>` clicked once, done once the page outlived the handover. */
export const browserOpenUrl: OpenUrl = async (url, fileName) => {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc?.body) throw new ExportError('unsupported', 'There is no document to hand the download to; pass the openUrl option');
  const a = doc.createElement('a');
  a.href = url;
  if (fileName) a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  await new Promise((resolve) => setTimeout(resolve, LINK_HANDOVER_MS));
};

/** Browser default of `saveFile`: an object URL clicked once, revoked after the browser took it. */
export function createBrowserSaveFile(revokeAfterMs: number): SaveFile {
  return (blob, fileName) => {
    const objectUrl = URL.createObjectURL(blob);
    try {
      browserOpenUrl(objectUrl, fileName);
    } catch (error) {
      URL.revokeObjectURL(objectUrl);
      throw error;
    }
    // The click only queues the download; revoking at once breaks it in some browsers.
    setTimeout(() => URL.revokeObjectURL(objectUrl), revokeAfterMs);
  };
}
