/**
 * Export history: the app (or the engine, for `historyScopes`, once the
 * state is ready) asks which exports the server knows for a scope; the
 * engine lists them (`engine/listJobs.ts`) and adds the ones this browser
 * does not know with `origin: 'server'` (docs/design.md#export-history).
 */
import { createAction } from '@reduxjs/toolkit';

export interface HistoryRequestedPayload {
  scope: string | null;
}

/** Asks the transport's `list(scope)`; ignored by a transport without one. */
export const historyRequested = createAction<HistoryRequestedPayload>('exports/historyRequested');
