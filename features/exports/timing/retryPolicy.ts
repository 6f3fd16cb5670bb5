/**
 * A pure retry policy: given what failed and how many attempts were made,
 * whether to try again and after how long. No timers, no state.
 */
import { HttpStatusError } from '../errors/HttpStatusError';
import { ExportError } from '../errors/ExportError';

/** What `decideRetry` weighs: the attempt budget, the backoff and the longest `Retry-After` worth waiting. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer `Retry-After` is not waited for. */
  maxRetryAfterMs: number;
  /** 0..1, for full jitter. */
  random: () => number;
}

/** Whether to try again, and after how long; or why not. */
export type RetryDecision = { retry: false; reason: 'not-retryable' | 'budget-spent' | 'retry-after-too-long' } | { retry: true; delayMs: number };

/** Statuses never retried automatically: another try would fail the same way (docs/failure-modes.md row 2). */
const NEVER_RETRY = new Set([400, 401, 403, 404, 409, 410, 413]);

/**
 * Whether an error may go away on its own: network and timeout errors, a
 * file that did not reach the browser (`not_delivered`: a fresh link may),
 * 408, 5xx, and 429 when the server said when (`Retry-After`).
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof HttpStatusError) {
    if (NEVER_RETRY.has(error.status)) return false;
    if (error.status === 429) return error.retryAfterMs !== undefined;
    return error.status === 408 || error.status >= 500;
  }
  if (error instanceof ExportError) return error.code === 'network' || error.code === 'timeout' || error.code === 'not_delivered';
  // Anything else a transport throws (a TypeError from fetch, say) is taken for a network fault:
  // retried, but only within the claim's bounded budget.
  return true;
}

/** Exponential backoff with full jitter: random in [0, min(cap, base * 2^(n-1))]. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(policy.random() * ceiling);
}

/**
 * Decides what follows a failed attempt.
 *
 * @param attempt the attempt that just failed, 1-based
 * @example
 * decideRetry(new HttpStatusError(503), 1, policy) // { retry: true, delayMs: ... }
 * decideRetry(new HttpStatusError(401), 1, policy) // { retry: false, reason: 'not-retryable' }
 */
export function decideRetry(error: unknown, attempt: number, policy: RetryPolicy): RetryDecision {
  if (!isRetryableError(error)) return { retry: false, reason: 'not-retryable' };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: 'budget-spent' };
  const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) {
    if (retryAfter > policy.maxRetryAfterMs) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: Math.max(0, retryAfter) };
  }
  return { retry: true, delayMs: backoffDelay(attempt, policy) };
}
