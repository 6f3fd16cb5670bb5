/**
 * Waits that end early when the user is back: the page is shown again
 * (`visibilitychange` to visible) or the browser is back online (`online`).
 * A loop that backed off for 30 s while the network was down asks again at
 * once when it returns, instead of leaving the panel stale
 * (docs/design.md#watch-engine). Where there is no `window` or `document`
 * (Node, workers) it is a plain `delay`.
 */
import { AbortedError } from '../errors/AbortedError';

interface WakeTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

type MaybeDocument = WakeTarget & { hidden?: boolean };

const targets = (): { win?: WakeTarget; doc?: MaybeDocument } => {
  const scope = globalThis as { window?: WakeTarget; document?: MaybeDocument };
  return { ...(scope.window ? { win: scope.window } : {}), ...(scope.document ? { doc: scope.document } : {}) };
};

/**
 * Waits `ms`, or less: resolves early on `online`, or when the page becomes
 * visible, but never before `minMs` (a server's `Retry-After` is kept).
 * Rejects with `AbortedError` when `signal` aborts. Leaves no timer or
 * listener behind.
 */
export function delayUntilWake(ms: number, signal: AbortSignal, minMs = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AbortedError(signal.reason));
      return;
    }
    const { win, doc } = targets();
    const finish = (aborted: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      win?.removeEventListener('online', onWake);
      doc?.removeEventListener('visibilitychange', onVisibility);
      if (aborted) reject(new AbortedError(signal.reason));
      else resolve();
    };
    const startedAt = Date.now();
    const onAbort = (): void => finish(true);
    const onTimer = (): void => finish(false);
    const onWake = (): void => {
      const left = minMs - (Date.now() - startedAt);
      clearTimeout(timer);
      timer = setTimeout(onTimer, Math.max(0, Math.min(left, ms)));
    };
    const onVisibility = (): void => {
      if (!doc?.hidden) onWake();
    };
    let timer = setTimeout(onTimer, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    win?.addEventListener('online', onWake);
    doc?.addEventListener('visibilitychange', onVisibility);
  });
}
