/**
 * The RTK Query peer's API slice, as RTK Query's docs recommend: one
 * `createApi` with `fetchBaseQuery`, a mutation to start an export, a query
 * for its status (polled by the row, see ExportRow.tsx) and a mutation for
 * the signed download link.
 */
import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query/react';
import { EXPORT_REQUEST } from '../shell/job';
import type { DownloadLink, ServerJob } from '../shell/job';

export const exportsApi = createApi({
  reducerPath: 'exportsApi',
  baseQuery: fetchBaseQuery({ baseUrl: '/api' }),
  endpoints: (build) => ({
    startExport: build.mutation<ServerJob, void>({
      query: () => ({ url: '/exports', method: 'POST', body: EXPORT_REQUEST }),
      transformResponse: (response: { job: ServerJob }) => response.job,
    }),
    getExport: build.query<ServerJob, string>({
      query: (id) => `/exports/${id}`,
      transformResponse: (response: { job: ServerJob }) => response.job,
    }),
    createDownloadLink: build.mutation<DownloadLink, string>({
      query: (id) => ({ url: `/exports/${id}/link`, method: 'POST' }),
    }),
  }),
});

export const { useStartExportMutation, useGetExportQuery } = exportsApi;
