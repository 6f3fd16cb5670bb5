/**
 * redux-export-jobs: server-side exports for Redux Toolkit apps. Start an
 * export, watch it, get the file downloaded exactly once.
 *
 * This entry is the feature itself: the slice, its selectors, the
 * listeners and `startExport`. The layers on top are entries of their own,
 * so each app ships the ones it uses:
 * - `redux-export-jobs/store`: wiring into a store: persistence
 *   (`exportsPersistConfig`), tab coordination (`browserTabCoordinator`)
 *   and `createExportsStore`, which does all of it;
 * - `redux-export-jobs/http`: the transport for the reference HTTP API;
 * - `redux-export-jobs/react`: hooks and components;
 * - `redux-export-jobs/testing`: an in-memory transport and storage for tests.
 */
export {
  exportsSlice,
  exportsReducer,
  EXPORTS_REDUCER_PATH,
  initialExportsState,
  jobsAdapter,
  jobAdded,
  jobProgressed,
  jobCompleted,
  jobFailed,
  jobCancelled,
  jobExpired,
  jobDismissed,
  cancelRequested,
  cancelFailed,
  downloadRequested,
  downloadClaimed,
  downloadStarted,
  downloadSucceeded,
  downloadHandedOver,
  downloadInterrupted,
  downloadFailed,
  jobsPruned,
} from '../features/exports/model/exportsSlice';
export type {
  JobAddedPayload,
  JobProgressedPayload,
  JobCompletedPayload,
  JobFailedPayload,
  JobIdPayload,
  CancelFailedPayload,
  DownloadClaimedPayload,
  DownloadStepPayload,
  DownloadFailedPayload,
  JobsPrunedPayload,
} from '../features/exports/model/exportsSlice';
export {
  selectAllJobs,
  selectJobIds,
  selectJobEntities,
  selectJobById,
  selectJobsByScope,
  selectJobIdsByScope,
  selectActiveJobs,
  selectDownloads,
  selectDownloadByJobId,
  selectIsJobStalled,
} from '../features/exports/model/selectors';
export { isTerminalStatus } from '../features/exports/model/jobStatus';
export { registerExportsListeners } from '../features/exports/engine/registerExportsListeners';
export type { ExportsListenersHandle, ExportsStartListening } from '../features/exports/engine/registerExportsListeners';
export type { ExportsListenerOptions, ExportsErrorContext } from '../features/exports/engine/options';
export { startExport } from '../features/exports/engine/startExport';
export { startRequested, startSent, startSettled } from '../features/exports/model/startActions';
export { historyRequested } from '../features/exports/model/historyActions';
export type { HistoryRequestedPayload } from '../features/exports/model/historyActions';
export type { StartRequestedPayload, StartSettledPayload } from '../features/exports/model/startActions';
export type { StartExportArg } from '../features/exports/engine/startExport';
export { isExportsReady } from '../features/exports/model/readiness';
export { decideRetry, isRetryableError, backoffDelay } from '../features/exports/timing/retryPolicy';
export type { RetryPolicy, RetryDecision } from '../features/exports/timing/retryPolicy';
export {
  ExportError,
  HttpStatusError,
  NetworkError,
  TimeoutError,
  AbortedError,
  InvalidResponseError,
  toErrorInfo,
} from '../features/exports/errors';
export type { TabCoordinator, SharedJobEvent } from '../features/exports/tabs/createTabCoordinator';
export { downloadSettledElsewhere, isFromOtherTab } from '../features/exports/model/exportsSlice';
export type { FromOtherTab } from '../features/exports/model/exportsSlice';
export type {
  JobStatus,
  TerminalJobStatus,
  ErrorInfo,
  ExportJob,
  JobSnapshot,
  DownloadStatus,
  DownloadTrigger,
  DownloadRecord,
  ExportsState,
  ExportsRootState,
  JobEvent,
  StartExportRequest,
  DownloadOptions,
  DownloadResult,
  DeliveryReceipt,
  DeliveryStatus,
  PendingStart,
  ExportTransport,
  JobRef,
} from '../features/exports/model/types';
