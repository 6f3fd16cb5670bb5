/**
 * The engine's edge for job snapshots: every status a transport reports
 * (polled, pushed, or a cancel's answer) is checked here, once, and applied
 * as the event it stands for. A bad answer is reported, never thrown into
 * the app (docs/design.md#transport).
 */
import { HttpStatusError } from '../errors/HttpStatusError';
import type { JobSnapshot } from '../model/types';
import { snapshotToAction } from '../shapes/snapshotToAction';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

/** Applies a server snapshot as the event it stands for. Bad snapshots are reported, not thrown. */
export function applySnapshot(ctx: EngineContext, store: ExportsStoreApi, jobId: string, snapshot: JobSnapshot): void {
  try {
    store.dispatch(snapshotToAction(snapshot, jobId, ctx.options.now()));
  } catch (error) {
    ctx.report(error, { phase: 'monitor', jobId });
  }
}

/** True for the answers that mean the server has forgotten the job (404, 410). */
export function isGone(error: unknown): boolean {
  return error instanceof HttpStatusError && (error.status === 404 || error.status === 410);
}

/** The server's `Retry-After` of an error, when it sent one. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof HttpStatusError ? error.retryAfterMs : undefined;
}
