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
  hidden?: boolean;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * Waits `ms`, or less: resolves early on `online`, or when the page becomes
 * visible, but never before `minMs` (a server's `Retry-After` is kept).
 * Rejects with `AbortedError` when `signal` aborts. Leaves no timer or
 * listener behind.
 */
export function delayUntilWake(ms: number, signal: AbortSignal, minMs = 0): Promise<void> {
  const { window: win, document: doc } = globalThis as { window?: WakeTarget; document?: WakeTarget };
  const listen = [[win, 'online'], [doc, 'visibilitychange']] as const;
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const finish = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      for (const [target, type] of listen) target?.removeEventListener(type, onWake);
      if (signal.aborted) reject(new AbortedError(signal.reason));
      else resolve();
    };
    const onWake = (): void => {
      if (doc?.hidden) return;
      clearTimeout(timer);
      timer = setTimeout(finish, Math.min(ms, minMs - (Date.now() - startedAt)));
    };
    let timer = setTimeout(finish, ms);
    if (signal.aborted) return finish();
    signal.addEventListener('abort', finish, { once: true });
    for (const [target, type] of listen) target?.addEventListener(type, onWake);
  });
}
