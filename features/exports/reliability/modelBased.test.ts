/**
 * The reliability harness: fast-check drives the public API with the
 * memory server through random sequences of starts, server events (twice,
 * by push and by poll), clicks, cancels, dismissals, network faults,
 * failing storage, reloads and time jumps, and checks the contract's
 * invariants after every command and once everything has settled.
 *
 * `npm test` runs a quick setting; `npm run test:soak` runs 10,000+.
 */
import fc from 'fast-check';
import { HarnessSystem } from './harnessSystem';
import { harnessCommands } from './harnessCommands';
import type { HarnessModel } from './harnessCommands';
import { checkSettled } from './invariants';

const RUNS = Number(process.env.HARNESS_RUNS ?? 120);
const SEED = process.env.HARNESS_SEED === undefined ? undefined : Number(process.env.HARNESS_SEED);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test(`model-based: the invariants hold over ${RUNS} random runs of the public API`, async () => {
  const totals = { runs: 0, commands: 0, reloads: 0, auto: 0, manual: 0, resumed: 0 };
  const seed = SEED ?? Date.now() % 2 ** 31;
  let failure: string | undefined;
  const config = fc.record({
    push: fc.boolean(),
    resumeInterrupted: fc.constantFrom<'ask' | 'auto'>('ask', 'auto'),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
  });
  const property = fc.asyncProperty(config, fc.commands(harnessCommands, { maxCommands: 60, size: 'max' }), async (cfg, commands) => {
    const sys = new HarnessSystem(cfg);
    await sys.open();
    const model: HarnessModel = { started: 0 };
    let timersLeft: number;
    try {
      await fc.asyncModelRun(() => ({ model, real: sys }), commands);
      // Settle: the network and the storage heal, time passes, the last page finishes its work.
      sys.setStorageMode('ok');
      sys.transport.server.releaseDownloads();
      await jest.advanceTimersByTimeAsync(120_000);
      checkSettled(sys);
    } finally {
      totals.runs += 1;
      totals.commands += sys.commands;
      totals.reloads += sys.reloads;
      totals.auto += sys.count(sys.handovers.auto);
      totals.manual += sys.count(sys.handovers.manual);
      totals.resumed += sys.count(sys.resumedRepeats);
      await sys.page.dispose();
      await jest.advanceTimersByTimeAsync(1_000);
      timersLeft = jest.getTimerCount();
    }
    if (timersLeft !== 0) throw new Error(`invariant 6: ${timersLeft} timers left after dispose`);
  });
  const path = process.env.HARNESS_PATH;
  const details = await fc.check(property, { numRuns: RUNS, seed, endOnFailure: true, ...(path ? { path } : {}) });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    failure = `${cause}\n${fc.defaultReportMessage(details) ?? ''}\nreplay: HARNESS_SEED=${seed} HARNESS_PATH="${details.counterexamplePath ?? ''}" npx jest features/exports/reliability/modelBased`;
  }
  process.stdout.write(
    `    [harness] runs: ${totals.runs}, commands: ${totals.commands}, reloads: ${totals.reloads}, ` +
      `downloads: ${totals.auto} automatic + ${totals.manual} manual + ${totals.resumed} resumed after a reload (opt-in 'auto'), invariant violations: ${details.failed ? 1 : 0}, seed: ${seed}\n`,
  );
  if (failure) throw new Error(failure);
}, 30 * 60_000);
