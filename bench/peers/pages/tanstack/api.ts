/** The TanStack Query peer's fetchers: plain `fetch` against the reference server, throwing on an error status. */
import { EXPORT_REQUEST } from '../shell/job';
import type { DownloadLink, ServerJob } from '../shell/job';

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  return (await response.json()) as T;
}

export async function startExport(): Promise<ServerJob> {
  const response = await fetch('/api/exports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(EXPORT_REQUEST) });
  return (await json<{ job: ServerJob }>(response)).job;
}

export async function fetchExport(id: string): Promise<ServerJob> {
  return (await json<{ job: ServerJob }>(await fetch(`/api/exports/${id}`))).job;
}

export async function createDownloadLink(id: string): Promise<DownloadLink> {
  return json<DownloadLink>(await fetch(`/api/exports/${id}/link`, { method: 'POST' }));
}
