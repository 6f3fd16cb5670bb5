import { HttpStatusError } from '../errors/HttpStatusError';
import { InvalidResponseError } from '../errors/InvalidResponseError';
import { NetworkError } from '../errors/NetworkError';
import { TimeoutError } from '../errors/TimeoutError';
import { backoffDelay, decideRetry, isRetryableError } from './retryPolicy';

const policy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, random: () => 1 };

test('retryable: network, timeout, 408, 5xx, and 429 with Retry-After only', () => {
  expect(isRetryableError(new NetworkError())).toBe(true);
  expect(isRetryableError(new TimeoutError(1_000))).toBe(true);
  expect(isRetryableError(new HttpStatusError(408))).toBe(true);
  expect(isRetryableError(new HttpStatusError(500))).toBe(true);
  expect(isRetryableError(new HttpStatusError(503))).toBe(true);
  expect(isRetryableError(new HttpStatusError(429, { retryAfterMs: 1_000 }))).toBe(true);
  expect(isRetryableError(new HttpStatusError(429))).toBe(false);
  for (const status of [400, 401, 403, 404, 409, 410]) expect(isRetryableError(new HttpStatusError(status))).toBe(false);
  expect(isRetryableError(new InvalidResponseError('bad body'))).toBe(false);
});

test('backoff doubles per attempt up to the cap, scaled by the jitter draw', () => {
  expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  expect(backoffDelay(3, { ...policy, random: () => 0.5 })).toBe(2_000);
  expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
});

test('the budget counts the first attempt; Retry-After wins over backoff; too long a Retry-After is not waited', () => {
  expect(decideRetry(new HttpStatusError(503), 1, policy)).toEqual({ retry: true, delayMs: 1_000 });
  expect(decideRetry(new HttpStatusError(503), 3, policy)).toEqual({ retry: false, reason: 'budget-spent' });
  expect(decideRetry(new HttpStatusError(503, { retryAfterMs: 5_000 }), 1, policy)).toEqual({ retry: true, delayMs: 5_000 });
  expect(decideRetry(new HttpStatusError(503, { retryAfterMs: 120_000 }), 1, policy)).toEqual({ retry: false, reason: 'retry-after-too-long' });
  expect(decideRetry(new HttpStatusError(401), 1, policy)).toEqual({ retry: false, reason: 'not-retryable' });
});
