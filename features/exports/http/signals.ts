/**
 * A signal that aborts when `parent` aborts or after `timeoutMs`, and tells
 * which of the two happened. `dispose()` clears the timer and the listener.
 * (Hand-written rather than `AbortSignal.any`/`timeout` for older browsers.)
 * Waiting is `timing/delay.ts`, the one delay of the library.
 */
export interface LinkedSignal {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Restarts the timer, optionally with a new duration (idle timeouts: call on every chunk). */
  touch(timeoutMs?: number): void;
  dispose(): void;
}

export function linkSignal(parent: AbortSignal | undefined, timeoutMs: number | undefined): LinkedSignal {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });

  const arm = (next?: number) => {
    if (next !== undefined) timeoutMs = next;
    if (timer !== undefined) clearTimeout(timer);
    if (timeoutMs === undefined || timeoutMs <= 0 || !Number.isFinite(timeoutMs) || controller.signal.aborted) return;
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  };
  arm();

  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    touch: arm,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

