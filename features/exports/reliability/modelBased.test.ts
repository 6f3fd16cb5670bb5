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
import { heal } from './environmentEvents';
import { checkHarness, commandSettings, harnessSettings } from './harnessRun';
import { HarnessSystem } from './harnessSystem';
import { harnessCommands } from './harnessCommands';
import type { HarnessModel } from './harnessCommands';
import { checkSettled } from './invariants';
import { checkDeliveriesSettled, completedFiles, finishAllDeliveries } from './harnessDeliveries';
import type { DeliveryTotals } from './harnessDeliveries';

const settings = harnessSettings();
const RUNS = settings.runs;

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test(`model-based: the invariants hold over ${RUNS} random runs of the public API`, async () => {
  const totals = { runs: 0, commands: 0, reloads: 0, auto: 0, manual: 0, resumed: 0, withReceipts: 0 };
  const deliveries: DeliveryTotals = { downloadedWithOneFile: 0, endedWithoutFile: 0, fileButNotDownloaded: 0 };
  const { seed } = settings;
  const config = fc.record({
    push: fc.boolean(),
    resumeInterrupted: fc.constantFrom<'ask' | 'auto'>('ask', 'auto'),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    receipts: fc.boolean(),
  });
  const property = fc.asyncProperty(config, fc.commands(harnessCommands, commandSettings(settings)), async (cfg, commands) => {
    const sys = new HarnessSystem(cfg);
    await sys.open();
    const model: HarnessModel = { started: 0 };
    let timersLeft: number;
    try {
      await fc.asyncModelRun(() => ({ model, real: sys }), commands);
      // Settle: the network and the storage heal, time passes, the last page finishes its work.
      await heal(sys);
      for (let i = 0; i < 3 && sys.config.receipts; i++) {
        finishAllDeliveries(sys); // the browser ends what it still fetches; retries it caused get their turn
        await jest.advanceTimersByTimeAsync(15_000); // past deliveryDeadlineMs and deliveryResumeGraceMs
      }
      checkSettled(sys);
      if (sys.config.receipts) {
        totals.withReceipts += 1;
        checkDeliveriesSettled(sys, deliveries);
      }
    } finally {
      totals.runs += 1;
      totals.commands += sys.commands;
      totals.reloads += sys.reloads;
      const files = sys.config.receipts ? completedFiles(sys) : sys.handovers;
      totals.auto += sys.count(files.auto);
      totals.manual += sys.count(files.manual);
      totals.resumed += sys.count(sys.resumedRepeats);
      await sys.page.dispose();
      await jest.advanceTimersByTimeAsync(1_000);
      timersLeft = jest.getTimerCount();
    }
    if (timersLeft !== 0) throw new Error(`invariant 6: ${timersLeft} timers left after dispose`);
  });
  const result = await checkHarness(property, settings, 'features/exports/reliability/modelBased', { endOnFailure: true });
  process.stdout.write(
    `    [harness] runs: ${totals.runs}, commands: ${totals.commands}, reloads: ${totals.reloads}, ` +
      `downloads: ${totals.auto} automatic + ${totals.manual} manual + ${totals.resumed} resumed after a reload (opt-in 'auto'), invariant violations: ${result.failed ? 1 : 0}, seed: ${seed}\n` +
      `    [harness] with receipts: ${totals.withReceipts} runs; automatic downloads settled as "Downloaded" with exactly 1 completed delivery: ${deliveries.downloadedWithOneFile}, ` +
      `ended without a file (failed / interrupted, "Download again"): ${deliveries.endedWithoutFile}, a file but not "Downloaded": ${deliveries.fileButNotDownloaded}\n`,
  );
  if (result.message) throw new Error(result.message);
}, 30 * 60_000);
