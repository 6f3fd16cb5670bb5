/**
 * redux-export-jobs: server-side exports for Redux Toolkit apps. Start an
 * export, watch it, get the file downloaded exactly once, keep it all
 * across reloads. This entry never imports React, and holds no transport:
 * the HTTP one is `redux-export-jobs/http`, the in-memory one
 * `redux-export-jobs/testing`.
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
  downloadFailed,
  jobsPruned,
} from '../features/exports/exportsSlice';
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
} from '../features/exports/exportsSlice';
export {
  selectAllJobs,
  selectJobIds,
  selectJobEntities,
  selectJobById,
  selectJobsByScope,
  selectJobIdsByScope,
  selectActiveJobs,
  selectVisibleJobs,
  selectDownloads,
  selectDownloadByJobId,
  selectDownloadingJobIds,
  selectIsJobStalled,
} from '../features/exports/selectors';
export { isTerminalStatus } from '../features/exports/jobStatus';
export { registerExportsListeners } from '../features/exports/exportsListeners';
export type { ExportsListenersHandle, ExportsStartListening } from '../features/exports/exportsListeners';
export type { ExportsListenerOptions, ExportsErrorContext } from '../features/exports/options';
export { startExport } from '../features/exports/startExport';
export type { StartExportArg } from '../features/exports/startExport';
export { isExportsReady } from '../features/exports/readiness';
export { decideRetry, isRetryableError, backoffDelay } from '../features/exports/retryPolicy';
export type { RetryPolicy, RetryDecision } from '../features/exports/retryPolicy';
export {
  ExportError,
  HttpStatusError,
  NetworkError,
  TimeoutError,
  AbortedError,
  InvalidResponseError,
  toErrorInfo,
} from '../features/exports/errors';
export { exportsPersistConfig, DEFAULT_PERSIST_KEY } from '../features/exports/persistence/exportsPersistConfig';
export type { ExportsPersistOptions, ExportsPersistConfig } from '../features/exports/persistence/exportsPersistConfig';
export type { PersistStorageLike } from '../features/exports/persistence/safeStorage';
export { EXPORTS_PERSIST_VERSION } from '../features/exports/persistence/migrations';
export { createExportsStore, PERSIST_ACTIONS } from '../store/createExportsStore';
export { createAppAsyncThunk } from '../store/typedHelpers';
export type { AppStartListening } from '../store/typedHelpers';
export { createTabCoordinator, browserTabCoordinator } from '../features/exports/tabs/createTabCoordinator';
export type { TabCoordinator, TabCoordinatorOptions, LockManagerLike, SyncStorageLike, ChannelLike, SharedJobEvent } from '../features/exports/tabs/createTabCoordinator';
export { downloadSettledElsewhere, isFromOtherTab } from '../features/exports/exportsSlice';
export type { FromOtherTab } from '../features/exports/exportsSlice';
export type {
  CreateExportsStoreOptions,
  ExportsStoreBundle,
  ExportsAppStore,
  ExportsAppState,
  ExportsAppDispatch,
} from '../store/createExportsStore';
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
  ExportTransport,
} from '../features/exports/types';
