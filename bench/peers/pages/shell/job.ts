/**
 * What every page sends and reads: the reference server's job JSON
 * (src/server/README.md, "The HTTP API") and the one export the bench starts.
 * Shared so that the three pages start the same job.
 */
export type JobStatus = 'pending' | 'running' | 'cancelling' | 'completed' | 'failed' | 'cancelled' | 'expired';

export interface ServerJob {
  id: string;
  status: JobStatus;
  progress: number;
  fileName?: string;
}

export interface DownloadLink {
  url: string;
  expiresAt: number;
}

export const TERMINAL: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled', 'expired']);

/** The body of POST /api/exports: the same export on every page. */
export const EXPORT_REQUEST = {
  scope: 'bench',
  fileName: 'annotations.zip',
  params: { size: 64_000 },
} as const;

/** What our panel calls the export (the server keeps no label). */
export const EXPORT_LABEL = 'Annotations';

/** Polling interval of the peers: the library's own default (pollIntervalMs, README "Or let it make the store"). */
export const POLL_MS = 2_000;

/** Hands a signed link to the browser: a temporary `<a download>` clicked once, as our HTTP transport does. */
export function clickDownloadLink(url: string, fileName: string | undefined): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName ?? '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
