/**
 * Simulated time for the rows that need minutes of it (storage writes,
 * tabs, the 401 loop, duplicates): @sinonjs/fake-timers (shipped with
 * jest) fakes setTimeout / setInterval / Date, so redux-persist's throttle
 * interval, the monitor's poll delays and the baseline's 1 s timer all run
 * on the same fake clock. Promises and setImmediate stay real:
 * `tickAsync` lets promise callbacks run between timers.
 */
import { install } from '@sinonjs/fake-timers';

export type FakeClock = ReturnType<typeof install>;

/** 2026-01-01T00:00:00Z: any fixed instant will do. */
export const SIM_EPOCH = Date.UTC(2026, 0, 1);

export function installClock(now = SIM_EPOCH): FakeClock {
  // shouldClearNativeTimers: a real timer left by an earlier row (redux-persist's
  // interval clears itself on its next tick) must still be clearable meanwhile.
  return install({ now, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], shouldClearNativeTimers: true });
}

/** Runs `fn` under a fresh fake clock, uninstalling it whatever happens. */
export async function withFakeClock<T>(fn: (clock: FakeClock) => Promise<T>): Promise<T> {
  const clock = installClock();
  try {
    return await fn(clock);
  } finally {
    clock.uninstall();
  }
}

/** Lets promise chains settle (real setImmediate, never faked here). */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
