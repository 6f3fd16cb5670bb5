/**
 * The one loop that repeats a request until it is told to stop: polling a
 * job's status (engine/watchJob.ts) and reconnecting a push stream
 * (http/sseSubscribe.ts) both run on it, so both back off the same way.
 *
 * - after a good step it waits `intervalMs`;
 * - after failures it backs off exponentially (`intervalMs * 2^failures`,
 *   with jitter, capped at `maxIntervalMs`), and never waits less than the
 *   server's `Retry-After`;
 * - while the page is hidden it pauses, and goes on when it is shown again;
 * - a wait ends early when the page is shown again or the browser is back
 *   `online` (`timing/wakeUp.ts`): the next step runs at once;
 * - it ends when `step` says `done`, or at once when `signal` aborts.
 */
import { delayUntilWake } from './wakeUp';
import { whenPageVisible } from './pageVisibility';

/** How one step went. */
export interface LoopStep {
  /** The step worked (a poll answered, a stream delivered events): the backoff resets. */
  ok: boolean;
  /** Stop the loop. */
  done?: boolean;
  /** The server's `Retry-After`, when it sent one: the next step waits at least this long. */
  retryAfterMs?: number;
}

export interface BackoffLoopOptions {
  signal: AbortSignal;
  /** The wait after a good step, and the base of the backoff. */
  intervalMs: number;
  /** The longest backoff (a `Retry-After` may ask for longer). */
  maxIntervalMs: number;
  /** Source of jitter, 0..1. @default Math.random */
  random?: () => number;
  /** Run the first step at once instead of after `intervalMs`. @default false */
  immediate?: boolean;
  /** Wait while `document.hidden`. @default true */
  pauseWhileHidden?: boolean;
}

/** The wait before the next step: the interval, or the backoff after `failures` failures in a row. */
export function nextWait(failures: number, retryAfterMs: number | undefined, options: Pick<BackoffLoopOptions, 'intervalMs' | 'maxIntervalMs' | 'random'>): number {
  if (failures === 0) return Math.max(options.intervalMs, retryAfterMs ?? 0);
  const ceiling = Math.min(options.maxIntervalMs, options.intervalMs * 2 ** failures);
  const jittered = Math.round(ceiling * (0.5 + (options.random ?? Math.random)() / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Runs `step` until it says `done` or `signal` aborts. Never rejects. */
export async function backoffLoop(options: BackoffLoopOptions, step: () => Promise<LoopStep>): Promise<void> {
  const { signal } = options;
  let failures = 0;
  let wait = options.immediate ? 0 : options.intervalMs;
  let floor = 0;
  while (!signal.aborted) {
    try {
      await delayUntilWake(wait, signal, floor);
      if (options.pauseWhileHidden !== false) await whenPageVisible(signal);
    } catch {
      return; // aborted while waiting
    }
    const result = await step();
    if (result.done || signal.aborted) return;
    failures = result.ok ? 0 : failures + 1;
    wait = nextWait(failures, result.retryAfterMs, options);
    floor = result.retryAfterMs ?? 0;
  }
}
