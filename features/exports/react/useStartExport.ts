import { useCallback, useState } from 'react';
import { startExport } from '../engine/startExport';
import type { StartExportArg } from '../engine/startExport';
import type { ErrorInfo, ExportJob } from '../model/types';
import { useExportsDispatch } from './reduxHooks';

/** How a start ended: the job the server made, or why it did not. */
export type StartExportResult =
  | { status: 'ok'; job: ExportJob }
  | { status: 'rejected'; error: ErrorInfo };

export interface UseStartExportResult {
  /** Asks the server for an export and starts tracking it. Resolves, never rejects. */
  start(arg: StartExportArg): Promise<StartExportResult>;
  /** True while a start request of this component is waiting for the server. */
  isStarting: boolean;
  /** Why the last start of this component failed, until the next one. */
  error: ErrorInfo | undefined;
  /** The job the last successful start made. */
  lastJobId: string | undefined;
}

/**
 * Starts exports. Only the request state lives here; the job itself lives in
 * the store, so the component may unmount while it runs.
 *
 * @example
 * const { start, isStarting, error } = useStartExport()
 * <button disabled={isStarting} onClick={() => start({ scope: projectId, params: { format: 'coco' }, label: 'COCO' })}>Export</button>
 */
export function useStartExport(): UseStartExportResult {
  const dispatch = useExportsDispatch();
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<ErrorInfo | undefined>(undefined);
  const [lastJobId, setLastJobId] = useState<string | undefined>(undefined);

  const start = useCallback(
    async (arg: StartExportArg): Promise<StartExportResult> => {
      setPending((n) => n + 1);
      setError(undefined);
      try {
        const action = await dispatch(startExport(arg));
        if (startExport.fulfilled.match(action)) {
          setLastJobId(action.payload.id);
          return { status: 'ok', job: action.payload };
        }
        const info: ErrorInfo = action.payload ?? { code: 'unknown', message: action.error.message ?? 'The export could not be started' };
        setError(info);
        return { status: 'rejected', error: info };
      } finally {
        setPending((n) => n - 1);
      }
    },
    [dispatch],
  );

  return { start, isStarting: pending > 0, error, lastJobId };
}
