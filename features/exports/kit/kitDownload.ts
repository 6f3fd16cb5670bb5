/**
 * The kit's `download`: a direct download endpoint (the file itself, with
 * the kit's auth: `Authorization: Bearer`, no signed links), a link
 * endpoint, or the file URL a status answer named (docs/design.md#delivery).
 * Whichever, the file goes through `downloadFile`: origin allowlist,
 * `beforeHandover`, link or blob with progress and a safe name. No
 * receipts: the engine reports "Sent to your browser" for links.
 */
import { InvalidResponseError } from '../errors/InvalidResponseError';
import type { FileDownload } from '../http/downloadFile';
import { downloadFile } from '../http/downloadFile';
import type { DownloadOptions, DownloadResult, ExportJob } from '../model/types';
import { asJsonBody, readKitAnswer } from './kitAnswer';
import type { KitContext } from './kitFetch';
import { kitFetch, kitUrl } from './kitFetch';
import { compileRoute } from './routes';
import type { JobVars, JsonBody, RestTransportOptions } from './types';

const JOB_NAMES = ['jobId', 'scope'] as const;

/** Where the file of a job is, when nothing else says: the last `fileUrl` a reader returned, else a fresh status. */
export type FileUrlOf = (job: ExportJob, signal: AbortSignal) => Promise<string | undefined>;

const defaultReadLink = (body: JsonBody): string => {
  if (typeof body.url !== 'string' || body.url === '') throw new InvalidResponseError('The link answer has no `url`');
  return body.url;
};

export function createKitDownload(kit: KitContext, options: RestTransportOptions, fileUrlOf: FileUrlOf) {
  const spec = options.download;
  const direct = spec && 'route' in spec ? compileRoute('download', spec.route, JOB_NAMES) : undefined;
  const link = spec && 'link' in spec ? compileRoute('download link', spec.link, JOB_NAMES) : undefined;
  const common = {
    baseUrl: kit.baseUrl,
    allowedOrigins: options.allowedOrigins ?? [],
    ...(options.openUrl ? { openUrl: options.openUrl } : {}),
    ...(options.saveFile ? { saveFile: options.saveFile } : {}),
    idleTimeoutMs: options.downloadIdleTimeoutMs ?? 60_000,
  };

  /** The URL through the kit: its auth headers (API origin only), and the one refresh on a 401. */
  const viaKit = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', headers?: Record<string, string>): FileDownload['fetch'] =>
    (url, init) => kitFetch(kit, { method, url, headers: { Accept: '*/*', ...headers } }, init.signal, async (response) => response, undefined);

  return async function download(job: ExportJob, opts: DownloadOptions): Promise<DownloadResult> {
    const vars: JobVars = { jobId: job.id, scope: job.scope };
    const file: FileDownload = { ...common, url: '', fetch: viaKit('GET') };
    if (job.fileName) file.fileName = job.fileName;
    if (direct) {
      const req = direct(vars);
      file.url = kitUrl(kit, req.url);
      file.fetch = viaKit(req.method, req.headers);
      file.mode = spec?.mode ?? 'blob';
    } else if (link && spec && 'link' in spec) {
      const { json, answer } = await kitFetch(kit, link(vars), opts.signal, readKitAnswer);
      file.url = (spec.readLink ?? defaultReadLink)(asJsonBody(json), answer);
      file.mode = spec.mode ?? 'link';
    } else {
      const url = await fileUrlOf(job, opts.signal);
      if (!url) throw new InvalidResponseError('The backend named no file for this export: give createRestTransport a `download` route');
      file.url = url;
      file.mode = spec?.mode ?? 'link';
    }
    return downloadFile(file, opts);
  };
}
