/**
 * `startExport`: asks the server to start an export and starts tracking it.
 * Its `fulfilled` payload is the job as added; its `rejected` payload is the
 * `{ code, message }` of the failure (a 429 says when to try again).
 *
 * The thunk holds no transport: it asks the engine registered in the same
 * store (`startRequested`) and waits for its answer (`startSettled`) with a
 * one-shot listener of the store's listener middleware. The engine's side
 * is `engine/startJob.ts`.
 */
import { addListener, createAsyncThunk } from '@reduxjs/toolkit';
import type { AsyncThunk, Dispatch, UnknownAction } from '@reduxjs/toolkit';
import { startRequested, startSent, startSettled } from '../model/startActions';
import type { StartSettledPayload } from '../model/startActions';
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

const NOT_REGISTERED: ErrorInfo = {
  code: 'not_registered',
  message: 'redux-export-jobs: no listeners on this store: call registerExportsListeners, or use createExportsStore (redux-export-jobs/store)',
};

/** The engine's answer to one request, heard through a one-shot listener. */
interface Reply {
  /** True once the engine said it took the request. */
  sent(): boolean;
  settled: Promise<StartSettledPayload>;
  stop(): void;
}

/** Listens for the engine's answer to `requestId`; `undefined` when the store has no listener middleware. */
function listenForReply(dispatch: Dispatch<UnknownAction>, requestId: string): Reply | undefined {
  let sent = false;
  let settle: (payload: StartSettledPayload) => void = () => undefined;
  const settled = new Promise<StartSettledPayload>((resolve) => (settle = resolve));
  const unsubscribe: unknown = dispatch(
    addListener({
      predicate: (action) => (startSent.match(action) || startSettled.match(action)) && action.payload.requestId === requestId,
      effect: (action) => {
        if (startSettled.match(action)) settle(action.payload);
        else sent = true;
      },
    }),
  );
  if (typeof unsubscribe !== 'function') return undefined;
  return { sent: () => sent, settled, stop: unsubscribe as () => void };
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
// Annotated, so that the published declaration is this type as written: the
// inferred one spells RTK's internals (`redux-thunk`, which apps need not
// have) and optional fields as `?: T | undefined`, which RTK's own config
// type refuses under `exactOptionalPropertyTypes` (README "Package check").
type StartExportConfig = { state: ExportsRootState; rejectValue: ErrorInfo };
export const startExport: AsyncThunk<ExportJob, StartExportArg, StartExportConfig> = createAsyncThunk<ExportJob, StartExportArg, StartExportConfig>(
  'exports/startExport',
  async (arg, { dispatch, requestId, rejectWithValue }) => {
    const reply = listenForReply(dispatch, requestId);
    if (!reply) return rejectWithValue(NOT_REGISTERED);
    try {
      dispatch(
        startRequested({
          requestId,
          request: { scope: arg.scope, params: arg.params, fileName: arg.fileName },
          label: arg.label,
          autoDownload: arg.autoDownload ?? true,
        }),
      );
      if (!reply.sent()) return rejectWithValue(NOT_REGISTERED);
      const answer = await reply.settled;
      return 'job' in answer ? answer.job : rejectWithValue(answer.error);
    } finally {
      reply.stop();
    }
  },
);
