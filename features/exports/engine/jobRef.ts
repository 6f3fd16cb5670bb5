import type { JobRef } from '../model/types';
import type { ExportsStoreApi } from './storeApi';

/** What a transport is told about a job besides its id: its scope, as the state knows it (`ExportTransport.getStatus`). */
export function jobRef(store: ExportsStoreApi, jobId: string): JobRef {
  return { id: jobId, scope: store.getState().exports.jobs.entities[jobId]?.scope ?? null };
}
