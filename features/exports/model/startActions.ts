/**
 * The events of starting an export. `startExport` (a thunk) asks; the
 * engine registered in the same store answers, through the store's own
 * action stream, so the thunk needs no lookup of the engine
 * (docs/design.md#actions):
 *
 *     exports/startExport/pending     the thunk began (RTK)
 *     exports/startRequested          the thunk asks for a start
 *     exports/startSent               the engine took it: the start is kept in
 *                                     `pendingStarts` under its idempotency key,
 *                                     written to storage, and sent
 *     exports/jobAdded                the server answered with a job (meta.requestId)
 *     exports/startSettled            the engine's answer to the thunk
 *     exports/startExport/fulfilled   (or rejected, with `{ code, message }`)
 */
import { createAction } from '@reduxjs/toolkit';
import type { ErrorInfo, ExportJob, PendingStart, StartExportRequest } from './types';

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

/** The engine took the request: the start as it is kept until answered. */
export interface StartSentPayload {
  requestId: string;
  start: PendingStart;
}

/** The engine's answer: the job as added, or why there is none. `key`: the pending start it settles. */
export type StartSettledPayload = ({ requestId: string; job: ExportJob } | { requestId: string; error: ErrorInfo }) & { key?: string };

export const startRequested = createAction<StartRequestedPayload>('exports/startRequested');
export const startSent = createAction<StartSentPayload>('exports/startSent');
export const startSettled = createAction<StartSettledPayload>('exports/startSettled');
