/**
 * The reliability harness with several tabs open at once: fast-check drives
 * 2 or 3 tabs (stores over one storage, one server, one lock manager, one
 * ledger, one in-memory BroadcastChannel) through random sequences of
 * starts, cancels, dismissals and clicks in any tab, tabs opening,
 * reloading, crashing and closing, server events, network faults, failing
 * storage and time jumps. After every command it checks one automatic
 * download per job across every tab ever opened (none after a cancel the
 * tab knew of), each tab's own state rules, and that the tabs agree on the
 * list of jobs; once everything has settled, the list in storage too, and
 * that nothing is left running once every tab is closed. Storage itself is
 * checked after every write that reaches it (`storageChecks.ts`), and no
 * tab open when a job ended watches it again (`TabsSystem.watchRequested`).
 *
 * `npm test` runs a quick setting; `HARNESS_RUNS=...` (as `npm run test:soak`) runs more.
 * Replay a failure with the command it prints (see `harnessRun.ts`).
 */
import fc from 'fast-check';
import { heal } from './environmentEvents';
import { checkHarness, commandSettings, harnessSettings } from './harnessRun';
import { TabsSystem } from './harnessTabs';
import type { TabsConfig } from './harnessTabs';
import { tabCommands } from './tabCommands';
import type { TabsModel } from './tabCommands';
import { checkTabsSettled } from './invariants';

const settings = harnessSettings();
const RUNS = settings.runs;

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test(`multi-tab model-based: the invariants hold across 2-3 tabs over ${RUNS} random runs`, async () => {
  const totals = { runs: 0, commands: 0, tabs: 0, reloads: 0, crashes: 0, closes: 0, messages: 0, auto: 0, manual: 0, resumed: 0, writes: 0 };
  const { seed } = settings;
  const config: fc.Arbitrary<TabsConfig> = fc.record({
    push: fc.boolean(),
    resumeInterrupted: fc.constantFrom<'ask' | 'auto'>('ask', 'auto'),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    initialTabs: fc.integer({ min: 2, max: 3 }),
  });
  const property = fc.asyncProperty(config, fc.commands(tabCommands, commandSettings(settings)), async (cfg, commands) => {
    const sys = new TabsSystem(cfg);
    for (let i = 0; i < cfg.initialTabs; i++) await sys.openTab();
    const model: TabsModel = { started: 0, openTabs: cfg.initialTabs };
    const leftovers: string[] = [];
    try {
      await fc.asyncModelRun(() => ({ model, real: sys }), commands);
      // Settle: the network and the storage heal, time passes, the tabs finish their work.
      await heal(sys);
      checkTabsSettled(sys);
    } finally {
      totals.runs += 1;
      totals.commands += sys.commands;
      totals.tabs += sys.tabsOpened;
      totals.reloads += sys.reloads;
      totals.crashes += sys.crashes;
      totals.closes += sys.cleanCloses;
      totals.messages += sys.hub.posted();
      totals.writes += sys.storageWatch.writes;
      totals.auto += sys.count(sys.handovers.auto);
      totals.manual += sys.count(sys.handovers.manual);
      totals.resumed += sys.count(sys.resumedRepeats);
      for (const tab of [...sys.tabs]) await tab.close();
      await jest.advanceTimersByTimeAsync(1_000);
      // 6. Everything is released once every tab is gone.
      const timers = jest.getTimerCount();
      if (timers !== 0) leftovers.push(`${timers} timers`);
      if (sys.locks.held().length > 0) leftovers.push(`locks ${sys.locks.held().join(', ')}`);
      if (sys.hub.openChannels() > 0) leftovers.push(`${sys.hub.openChannels()} open channels`);
      if (sys.hub.listeners() > 0) leftovers.push(`${sys.hub.listeners()} channel listeners`);
      if (sys.transport.openSubscriptions() > 0) leftovers.push(`${sys.transport.openSubscriptions()} subscriptions`);
      if (sys.transport.openDownloads() > 0) leftovers.push(`${sys.transport.openDownloads()} downloads`);
    }
    if (leftovers.length > 0) throw new Error(`invariant 6: left after every tab closed: ${leftovers.join(', ')}`);
  });
  const result = await checkHarness(property, settings, 'features/exports/reliability/multiTab');
  process.stdout.write(
    `    [harness:tabs] runs: ${totals.runs}, commands: ${totals.commands}, tabs opened: ${totals.tabs} (${totals.reloads} by reloads; ${totals.crashes} crashed, ${totals.closes} closed cleanly), ` +
      `channel messages: ${totals.messages}, storage writes checked: ${totals.writes}, downloads: ${totals.auto} automatic + ${totals.manual} manual + ${totals.resumed} resumed on a later tab (opt-in 'auto'), ` +
      `invariant violations: ${result.failed ? 1 : 0}, seed: ${seed}\n`,
  );
  if (result.message) throw new Error(result.message);
}, 30 * 60_000);
