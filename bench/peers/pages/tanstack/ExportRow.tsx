/**
 * One export of the TanStack Query peer: `useQuery` polling its status with
 * `refetchInterval` as a function (false once terminal: TanStack Query docs
 * "Polling"), and the download as an effect of the "completed" status,
 * guarded by the persisted flag (set before the download starts).
 */
import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { clickDownloadLink, POLL_MS, TERMINAL } from '../shell/job';
import { createDownloadLink, fetchExport } from './api';
import { isDownloaded, markDownloaded } from './exportsStorage';

export function ExportRow({ id }: { id: string }): ReactElement {
  const { data } = useQuery({
    queryKey: ['export', id],
    queryFn: () => fetchExport(id),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status !== undefined && TERMINAL.has(status) ? false : POLL_MS;
    },
  });
  const download = useMutation({
    mutationFn: createDownloadLink,
    onSuccess: (link) => clickDownloadLink(link.url, data?.fileName),
  });
  const { mutate } = download;
  const completed = data?.status === 'completed';

  useEffect(() => {
    if (!completed || isDownloaded(id)) return;
    markDownloaded(id);
    mutate(id);
  }, [completed, id, mutate]);

  return (
    <li data-job-id={id} data-status={data?.status ?? 'loading'}>
      {data ? `${data.status} ${Math.round(data.progress)} %` : 'Loading…'}
      {download.isSuccess ? ' · downloaded' : ''}
    </li>
  );
}
