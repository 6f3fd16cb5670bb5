/**
 * The one `delay` of the library (and `whenAborted`): timers that end when
 * their signal aborts and leave no timer or listener behind (invariant 6,
 * docs/design.md#invariants).
 */
import { AbortedError } from '../errors/AbortedError';

/** Waits `ms`, or rejects with `AbortedError` as soon as `signal` aborts. Leaves no timer or listener behind. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AbortedError(signal.reason));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(signal.reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when `signal` aborts (at once if it has already). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
