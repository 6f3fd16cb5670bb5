import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { DEFAULTS, resolveOptions } from './options';
import type { ExportsListenerOptions } from './options';

const transport = createMemoryTransport();
const resolve = (options: Partial<ExportsListenerOptions>) => resolveOptions({ transport, ...options }, () => 'claim-1');

test('defaults fill what is left out; what is given wins, undefined counts as left out', () => {
  const resolved = resolve({ maxAttempts: 5, ttlMs: undefined });
  expect(resolved).toMatchObject({ ...DEFAULTS, maxAttempts: 5, ttlMs: DEFAULTS.ttlMs, transport });
  expect(resolved.createClaimId()).toBe('claim-1');
});

test('bad options are refused with a message that names the option and what it must be', () => {
  expect(() => resolveOptions({} as ExportsListenerOptions, () => 'c')).toThrow(/"transport" option is required/);
  expect(() => resolve({ transport: { ...transport, cancel: undefined } as never })).toThrow(/transport has no "cancel" method/);
  expect(() => resolve({ maxAttempts: 0 })).toThrow(/"maxAttempts" must be a positive integer, got 0/);
  expect(() => resolve({ maxJobs: 2.5 })).toThrow(/"maxJobs" must be a positive integer/);
  expect(() => resolve({ pollIntervalMs: -1 })).toThrow(/"pollIntervalMs" must be a non-negative number, got -1/);
  expect(() => resolve({ ttlMs: Number.NaN })).toThrow(/"ttlMs"/);
  expect(() => resolve({ resumeInterrupted: 'sometimes' as never })).toThrow(/"resumeInterrupted" must be 'ask' or 'auto', got sometimes/);
  expect(() => resolve({ retryBaseDelayMs: 0 })).not.toThrow();
});
