/**
 * What the world does in both model-based harnesses (one page, several
 * tabs), apart from users and servers: network faults, downloads held open,
 * storage that fills up or goes away, time that passes or jumps. Each is an
 * `EnvironmentEvent` (what it does to the system, and its name in a shrunk
 * sequence), so each harness runs them all with one command class.
 */
import fc from 'fast-check';
import { HttpStatusError } from '../errors/HttpStatusError';
import { NetworkError } from '../errors/NetworkError';
import type { MemoryOperation, MemoryTransport } from '../testkit/createMemoryTransport';
import type { StorageMode } from '../testSupport/reloadHarness';

/** What both harnesses' systems have: the memory server, the clock, the storage's failure mode. */
export interface Environment {
  readonly transport: MemoryTransport;
  clockOffset: number;
  setStorageMode(mode: StorageMode): void;
}

export interface EnvironmentEvent<S extends Environment = Environment> {
  label: string;
  apply(system: S): void;
  /** Simulated time to let pass after it, when not the harness's usual step. */
  afterMs?: number;
}

type FaultKind = 401 | 503 | 'network' | '429';

/** The next 1..4 calls of one transport operation fail: HTTP 401, 503, 429 with Retry-After, or no network. */
export const networkFaultArbitrary: fc.Arbitrary<EnvironmentEvent> = fc
  .record({
    op: fc.constantFrom<MemoryOperation>('getStatus', 'download', 'cancel', 'start', 'subscribe'),
    kind: fc.constantFrom<FaultKind>(401, 503, 'network', '429'),
    times: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ op, kind, times }) => ({
    label: `NetworkFaults(${op}, ${kind} x${times})`,
    apply({ transport }) {
      const error = kind === 'network' ? new NetworkError() : kind === '429' ? new HttpStatusError(429, { retryAfterMs: 2_000 }) : kind;
      transport.server.failNext(op, error, times);
    },
  }));

/** Downloads wait until released (a slow file), or go on. */
export const holdDownloadsArbitrary: fc.Arbitrary<EnvironmentEvent> = fc.boolean().map((hold) => ({
  label: hold ? 'HoldDownloads' : 'ReleaseDownloads',
  apply({ transport }) {
    if (hold) transport.server.holdDownloads();
    else transport.server.releaseDownloads();
  },
}));

/** Storage works, fills up (quota errors) or goes away (disabled); working is listed twice: it weighs more. */
export const storageModeArbitrary: fc.Arbitrary<EnvironmentEvent> = fc
  .constantFrom<StorageMode>('ok', 'ok', 'quota', 'disabled')
  .map((mode) => ({ label: `Storage(${mode})`, apply: (system) => system.setStorageMode(mode) }));

/** Time passes: 50 ms to 5 s. */
export const waitArbitrary: fc.Arbitrary<EnvironmentEvent> = fc
  .constantFrom(50, 250, 1_000, 5_000)
  .map((ms) => ({ label: `Wait(${ms})`, apply: () => undefined, afterMs: ms }));

/** The clock jumps (a laptop lid closed for 30 min or 2 h): ttls run out. */
export const timeJumpArbitrary: fc.Arbitrary<EnvironmentEvent> = fc.constantFrom(30 * 60_000, 2 * 60 * 60_000).map((ms) => ({
  label: `TimeJump(${ms})`,
  apply: (system) => {
    system.clockOffset += ms;
  },
}));

/** The world heals, for the end of a run: storage works, held downloads go, and two minutes pass. */
export async function heal(system: Environment): Promise<void> {
  system.setStorageMode('ok');
  system.transport.server.releaseDownloads();
  await jest.advanceTimersByTimeAsync(120_000);
}
