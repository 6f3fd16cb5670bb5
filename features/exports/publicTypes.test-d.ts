/**
 * Type tests, checked by `tsc --noEmit` (part of `npm test`): what users
 * write must infer the right types, and mistakes must not compile.
 */
import { combineSlices, configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { createExportsStore } from '../../store/createExportsStore';
import type { ExportsAppDispatch, ExportsAppState } from '../../store/createExportsStore';
import { cancelRequested, exportsSlice, jobCompleted } from './model/exportsSlice';
import { registerExportsListeners } from './engine/registerExportsListeners';
import { selectJobsByScope } from './model/selectors';
import type { selectDownloadByJobId, selectIsJobStalled, selectJobById } from './model/selectors';
import { startExport } from './engine/startExport';
import { createMemoryTransport } from './testkit/createMemoryTransport';
import type { DownloadRecord, ErrorInfo, ExportJob, JobStatus } from './model/types';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

const { store } = createExportsStore({ transport: createMemoryTransport(), storage: false });
const state: ExportsAppState = store.getState();
const dispatch: ExportsAppDispatch = store.dispatch;

expectType<Equal<ReturnType<typeof selectJobById>, ExportJob | undefined>>();
expectType<Equal<ReturnType<typeof selectDownloadByJobId>, DownloadRecord | undefined>>();
expectType<Equal<ReturnType<typeof selectJobsByScope>, ExportJob[]>>();
expectType<Equal<ReturnType<typeof selectIsJobStalled>, boolean>>();
expectType<Equal<NonNullable<ReturnType<typeof selectJobById>>['status'], JobStatus>>();
selectJobsByScope(state, 'project-1');
selectJobsByScope(state, null);
// @ts-expect-error a scope is a string or null
selectJobsByScope(state, 42);

async function thunkTypes(): Promise<void> {
  const result = await dispatch(startExport({ scope: 'p', label: 'COCO', params: { format: 'coco' } }));
  if (startExport.fulfilled.match(result)) expectType<Equal<typeof result.payload, ExportJob>>();
  if (startExport.rejected.match(result)) expectType<Equal<typeof result.payload, ErrorInfo | undefined>>();
  // @ts-expect-error scope is required (null for none)
  await dispatch(startExport({ label: 'no scope' }));
}
void thunkTypes;

// Actions are typed events with object payloads.
jobCompleted({ id: 'a', fileName: 'a.zip' });
cancelRequested({ id: 'a' });
// @ts-expect-error an id is required
jobCompleted({ fileName: 'a.zip' });
// @ts-expect-error progress is a number
exportsSlice.actions.jobProgressed({ id: 'a', progress: '50' });

// Drop-in: a host store with combineSlices and its own typed listener.
const hostListener = createListenerMiddleware();
const rootReducer = combineSlices(exportsSlice);
const hostStore = configureStore({ reducer: rootReducer, middleware: (g) => g().prepend(hostListener.middleware) });
type HostState = ReturnType<typeof hostStore.getState>;
void hostStore;
type HostDispatch = typeof hostStore.dispatch;
const startAppListening = hostListener.startListening.withTypes<HostState, HostDispatch>();
registerExportsListeners(startAppListening, { transport: createMemoryTransport() });
expectType<Equal<HostState['exports']['downloadedJobIds'][string], DownloadRecord>>();

// @ts-expect-error the transport is required
registerExportsListeners(startAppListening, {});
