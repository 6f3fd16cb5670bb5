/**
 * The persist-now policy: some moments are written to storage at once
 * rather than on the throttle (a new job, a claim, a settled download, a
 * dismissal, an accepted cancel: docs/design.md#persistence). Requests made
 * in the same tick share one write, made once the tick's dispatches are
 * done. A claim awaits it before the transport is called (invariant 5).
 */
import type { ExportsErrorContext } from './options';

/** Writes now; resolves whether the state is durable. Never rejects. */
export type PersistNow = (jobId?: string) => Promise<boolean>;

export function createPersistNow(
  write: (() => Promise<boolean | void>) | undefined,
  isClosed: () => boolean,
  report: (error: unknown, context: ExportsErrorContext) => void,
): PersistNow {
  let pending: Promise<boolean> | undefined;
  return (jobId) => {
    if (!write || isClosed()) return Promise.resolve(true);
    pending ??= Promise.resolve().then(async () => {
      pending = undefined;
      try {
        return (await write()) !== false;
      } catch (error) {
        report(error, { phase: 'persist', jobId });
        return false;
      }
    });
    return pending;
  };
}
