/**
 * Recipe (c), "Bring your own backend" in README.md: the app's own RTK
 * Query endpoints as the transport, so its `baseQuery` (base URL, auth,
 * re-auth) makes every request. Here the endpoints speak the reference API
 * (`/api/exports...`); any API works the same way, the readers change.
 * In an app, import from 'redux-export-jobs' and 'redux-export-jobs/rtk-query'.
 */
import { combineSlices, configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query';
import { exportsSlice, registerExportsListeners } from '../index';
import type { ExportsStartListening, JobSnapshot, StartExportRequest } from '../index';
import { createRtkQueryTransport } from '../rtkQuery';
import type { RtkTransportExtras } from '../rtkQuery';

type JobAnswer = { job: JobSnapshot };

/** The app's API, as it already is (plus four endpoints). */
export function createAppApi(baseUrl: string, token: () => string) {
  return createApi({
    baseQuery: fetchBaseQuery({ baseUrl, prepareHeaders: (headers) => void headers.set('Authorization', `Bearer ${token()}`) }),
    endpoints: (build) => ({
      startExport: build.mutation<JobAnswer, StartExportRequest>({
        // The key makes a start resent after a reload answer the same job.
        query: ({ idempotencyKey, ...body }) => ({ url: '/api/exports', method: 'POST', body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} }),
      }),
      exportStatus: build.query<JobAnswer, string>({ query: (id) => `/api/exports/${encodeURIComponent(id)}`, keepUnusedDataFor: 0 }),
      cancelExport: build.mutation<JobAnswer, string>({ query: (id) => ({ url: `/api/exports/${encodeURIComponent(id)}/cancel`, method: 'POST' }) }),
      exportLink: build.mutation<{ url: string }, string>({ query: (id) => ({ url: `/api/exports/${encodeURIComponent(id)}/link`, method: 'POST' }) }),
    }),
  });
}

/** `more`: where links go in tests (`openUrl`), other origins, a push adapter. */
export function createAppStore(baseUrl: string, token: () => string, more: RtkTransportExtras = {}) {
  const api = createAppApi(baseUrl, token);
  const listener = createListenerMiddleware();
  const store = configureStore({
    reducer: combineSlices(api, exportsSlice),
    middleware: (getDefault) => getDefault().prepend(listener.middleware).concat(api.middleware),
  });
  // configuration: begins
  const { startExport, exportStatus, cancelExport, exportLink } = api.endpoints;
  const transport = createRtkQueryTransport({
    dispatch: store.dispatch,
    start: { endpoint: startExport, arg: (req) => req, read: (answer) => answer.job },
    status: { endpoint: exportStatus, arg: (job) => job.id, read: (answer) => answer.job },
    cancel: { endpoint: cancelExport, arg: (job) => job.id, read: (answer) => answer.job },
    link: { endpoint: exportLink, arg: (job) => job.id, mode: 'link' },
    baseUrl,
    ...more,
  });
  const stop = registerExportsListeners(listener.startListening as ExportsStartListening, { transport, pollIntervalMs: 100 });
  // configuration: ends
  return { store, api, stop };
}
