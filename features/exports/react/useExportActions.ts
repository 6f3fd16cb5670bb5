import { useMemo } from 'react';
import { cancelRequested, downloadRequested, jobDismissed } from '../model/exportsSlice';
import { useExportsDispatch } from './reduxHooks';

/** The user's actions on one job, as `useExportActions(id)` returns them: each dispatches one event. */
export interface ExportActions {
  /** Asks the server to cancel (the listeners send the request and stop watching). */
  cancel(): void;
  /** One more download of a completed job; ignored while one of it is running. */
  downloadAgain(): void;
  /** Forgets the job and its download record. */
  dismiss(): void;
}

/**
 * What a user can do with one job, as stable callbacks. They only dispatch
 * events; the listeners do the work, so any number of components may call them.
 *
 * @example
 * const { cancel, downloadAgain, dismiss } = useExportActions(id)
 * <button onClick={downloadAgain}>Download again</button>
 */
export function useExportActions(id: string): ExportActions {
  const dispatch = useExportsDispatch();
  return useMemo(
    () => ({
      cancel: () => void dispatch(cancelRequested({ id })),
      downloadAgain: () => void dispatch(downloadRequested({ id })),
      dismiss: () => void dispatch(jobDismissed({ id })),
    }),
    [dispatch, id],
  );
}
