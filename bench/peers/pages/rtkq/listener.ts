/**
 * The RTK Query peer's side effect, in RTK's listener middleware: when a
 * status answer says "completed" and the job has no "downloaded" flag, set
 * the flag (synchronously, before any await: the guard) and download it.
 */
import { createListenerMiddleware } from '@reduxjs/toolkit';
import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import { clickDownloadLink } from '../shell/job';
import { exportsApi } from './exportsApi';
import { markedDownloaded } from './exportsSlice';
import type { ExportsState } from './exportsSlice';

interface ListenerState {
  exports: ExportsState;
}

export const listenerMiddleware = createListenerMiddleware();

const startAppListening = listenerMiddleware.startListening.withTypes<ListenerState, ThunkDispatch<ListenerState, unknown, UnknownAction>>();

startAppListening({
  matcher: exportsApi.endpoints.getExport.matchFulfilled,
  effect: async (action, listenerApi) => {
    const job = action.payload;
    if (job.status !== 'completed' || listenerApi.getState().exports.downloaded[job.id]) return;
    listenerApi.dispatch(markedDownloaded(job.id));
    const link = await listenerApi.dispatch(exportsApi.endpoints.createDownloadLink.initiate(job.id)).unwrap();
    clickDownloadLink(link.url, job.fileName);
  },
});
