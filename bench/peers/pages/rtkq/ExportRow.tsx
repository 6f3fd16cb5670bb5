/**
 * One export of the RTK Query peer: its status query, polled every 2 s
 * (`pollingInterval`, `skipPollingIfUnfocused`), and no longer once the
 * status is terminal (RTK Query docs "Polling": a pollingInterval of 0 stops).
 */
import type { ReactElement } from 'react';
import { useSelector } from 'react-redux';
import { POLL_MS, TERMINAL } from '../shell/job';
import { exportsApi, useGetExportQuery } from './exportsApi';
import type { RootState } from './store';

export function ExportRow({ id }: { id: string }): ReactElement {
  const { data: last } = exportsApi.endpoints.getExport.useQueryState(id);
  const done = last !== undefined && TERMINAL.has(last.status);
  const { data } = useGetExportQuery(id, { pollingInterval: done ? 0 : POLL_MS, skipPollingIfUnfocused: true });
  const downloaded = useSelector((state: RootState) => state.exports.downloaded[id] === true);
  return (
    <li data-job-id={id} data-status={data?.status ?? 'loading'}>
      {data ? `${data.status} ${Math.round(data.progress)} %` : 'Loading…'}
      {downloaded ? ' · downloaded' : ''}
    </li>
  );
}
