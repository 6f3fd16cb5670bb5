/**
 * `downloadFile`: the download half of a transport, public for transports
 * written by hand (docs/design.md#delivery). Given the file's URL it does
 * what `createHttpTransport` does: refuses other origins and non-http(s)
 * schemes, calls `beforeHandover` right before the file reaches the user,
 * and either hands the link to the browser or streams the file with
 * progress, an idle timeout and a safe name from `Content-Disposition`.
 */
import { AbortedError } from '../errors/AbortedError';
import type { DownloadOptions, DownloadResult } from '../model/types';
import type { OpenUrl, SaveFile } from './download';
import { browserOpenUrl, checkDownloadUrl, createBrowserSaveFile, fetchBlob } from './download';
import { sanitizeFileName } from './sanitizeFileName';

/** What to download and how. */
export interface FileDownload {
  /** The file's URL: absolute, or relative to `baseUrl` (or to the page). */
  url: string;
  /** `link` (default): handed to the browser, no file in memory. `blob`: fetched here with progress, then saved. */
  mode?: 'link' | 'blob';
  /** The name when the answer has none in `Content-Disposition`; sanitized either way. */
  fileName?: string;
  /** Blob mode: how the URL is fetched; put your auth headers here. Default: the global `fetch`, no headers. */
  fetch?: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  /** Relative URLs resolve against it, and its origin is allowed. Default: the page's. */
  baseUrl?: string;
  /** Other origins the URL may be on (a CDN, a bucket). */
  allowedOrigins?: string[];
  /** Default: a temporary `<a download>` clicked once. */
  openUrl?: OpenUrl;
  /** Default: an object URL clicked once, revoked after 30 s. */
  saveFile?: SaveFile;
  /** Blob mode fails after this long without a byte. Default 60 000. */
  idleTimeoutMs?: number;
  /** The delivery the link names, when your server keeps receipts (`ExportTransport.getDelivery`). */
  deliveryId?: string;
}

/**
 * Downloads one file for `ExportTransport.download`; resolves how it ended
 * (`saved`: every byte read and saved; `handedOver`: the link went to the browser).
 *
 * @example
 * download: (job, opts) => downloadFile({ url: `/files/${job.id}`, mode: 'blob',
 *   fetch: (url, init) => fetch(url, { ...init, headers: { Authorization: `Bearer ${token()}` } }) }, opts)
 */
export async function downloadFile(file: FileDownload, opts: DownloadOptions): Promise<DownloadResult> {
  const url = checkDownloadUrl(file.url, file.baseUrl ?? '', file.allowedOrigins ?? []);
  if (opts.signal.aborted) throw new AbortedError(opts.signal.reason);
  if ((file.mode ?? 'link') === 'link') {
    await opts.beforeHandover?.(file.deliveryId);
    await (file.openUrl ?? browserOpenUrl)(url, file.fileName ? sanitizeFileName(file.fileName) : undefined);
    return file.deliveryId === undefined ? { delivery: 'handedOver' } : { delivery: 'handedOver', deliveryId: file.deliveryId };
  }
  const deps = {
    fetch: file.fetch ?? ((input: string, init: { signal: AbortSignal }) => globalThis.fetch(input, init)),
    saveFile: file.saveFile ?? createBrowserSaveFile(30_000),
    idleTimeoutMs: file.idleTimeoutMs ?? 60_000,
  };
  await fetchBlob(deps, url, file.fileName, 'export', opts);
  return { delivery: 'saved' };
}
