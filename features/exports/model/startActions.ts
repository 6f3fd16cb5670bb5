/**
 * The events of starting an export. `startExport` (a thunk) asks; the
 * engine registered in the same store answers, through the store's own
 * action stream, so the thunk needs no lookup of the engine
 * (docs/design.md#actions):
 *
 *     exports/startExport/pending     the thunk began (RTK)
 *     exports/startRequested          the thunk asks for a start
 *     exports/startSent               the engine took it: the request is on its way
 *     exports/jobAdded                the server answered with a job (meta.requestId)
 *     exports/startSettled            the engine's answer to the thunk
 *     exports/startExport/fulfilled   (or rejected, with `{ code, message }`)
 */
import { createAction } from '@reduxjs/toolkit';
import type { ErrorInfo, ExportJob, StartExportRequest } from './types';

/** What the thunk asks the engine to start. */
export interface StartRequestedPayload {
  /** The thunk's `requestId`: the answer names it. */
  requestId: string;
  request: StartExportRequest;
  /** Shown to the user. */
  label?: string;
  /** Download the file once, automatically, when done. */
  autoDownload: boolean;
}

/** The engine's answer: the job as added, or why there is none. */
export type StartSettledPayload = { requestId: string; job: ExportJob } | { requestId: string; error: ErrorInfo };

export const startRequested = createAction<StartRequestedPayload>('exports/startRequested');
export const startSent = createAction<{ requestId: string }>('exports/startSent');
export const startSettled = createAction<StartSettledPayload>('exports/startSettled');
