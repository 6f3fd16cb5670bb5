/**
 * `startExport`: asks the server to start an export and starts tracking it.
 * Its `fulfilled` payload is the job as added; its `rejected` payload is the
 * `{ code, message }` of the failure (a 429 says when to try again).
 */
import { createAsyncThunk } from '@reduxjs/toolkit';
import { toErrorInfo } from '../errors/toErrorInfo';
import { jobAdded } from '../model/exportsSlice';
import { TEXT_LIMITS } from '../shapes/jobShape';
import { parseJobSnapshot } from '../shapes/parseJobSnapshot';
import { findRuntime } from '../runtimeRegistry';
import type { ErrorInfo, ExportJob, ExportsRootState } from '../model/types';

/** What `startExport` sends: the scope and parameters of the export, and how the client treats it. */
export interface StartExportArg {
  /** What the export belongs to, e.g. a project id. */
  scope: string | null;
  /** Sent to the server as is: formats, filters... */
  params?: unknown;
  /** The file name the server should give the result. */
  fileName?: string;
  /** Shown to the user. */
  label?: string;
  /** Download the file once, automatically, when done. @default true */
  autoDownload?: boolean;
}

/**
 * Starts an export on the server and tracks it: `jobAdded` on success (the
 * job is then watched and, when `autoDownload`, downloaded once), a
 * rejection with `{ code, message }` as `payload` otherwise. Needs the
 * feature's listeners in the store (`registerExportsListeners` or
 * `createExportsStore`).
 *
 * @example
 * const result = await dispatch(startExport({ scope: 'project-1', params: { format: 'coco' }, label: 'COCO export' }))
 * if (startExport.fulfilled.match(result)) console.log(result.payload.id)
 */
export const startExport = createAsyncThunk<
  ExportJob,
  StartExportArg,
  { state: ExportsRootState; rejectValue: ErrorInfo }
>('exports/startExport', async (arg, { dispatch, getState, signal, rejectWithValue }) => {
  const runtime = findRuntime(dispatch);
  if (!runtime) {
    return rejectWithValue({
      code: 'not_registered',
      message:
        'redux-export-jobs: no listeners on this store. Call registerExportsListeners(startListening, { transport }), or make the store with createExportsStore (redux-export-jobs/store).',
    });
  }
  try {
    const answer = await runtime.options.transport.start({ scope: arg.scope, params: arg.params, fileName: arg.fileName }, signal);
    const snapshot = parseJobSnapshot(answer);
    dispatch(jobAdded({ ...snapshot, scope: snapshot.scope ?? arg.scope, label: arg.label?.slice(0, TEXT_LIMITS.label) ?? snapshot.label, autoDownload: arg.autoDownload ?? true, at: runtime.options.now() }));
    const job = getState().exports.jobs.entities[snapshot.id];
    if (!job) return rejectWithValue({ code: 'invalid_response', message: 'The job could not be tracked' });
    return job;
  } catch (error) {
    runtime.report(error, { phase: 'start' });
    return rejectWithValue(toErrorInfo(error));
  }
});
