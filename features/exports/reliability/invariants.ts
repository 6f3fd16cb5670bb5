/**
 * The contract's invariants, checked on the real system after every
 * command of the model-based test. Each throws an Error naming the rule.
 */
import { isTerminalStatus } from '../model/jobStatus';
import { sanitizeExportsState } from '../persistence/sanitizeExportsState';
import type { ExportsState } from '../model/types';
import { completedFiles } from './harnessDeliveries';
import type { HarnessSystem } from './harnessSystem';
import { isJobListNews } from './harnessTabs';
import type { Tab, TabsSystem } from './harnessTabs';

export interface Observation {
  /** The page the observation was made on (terminal states absorb within a page). */
  page: unknown;
  state: ExportsState;
}

const SECRETS = /token|signature|sig=|https?:\/\/|Bearer/i;

export class InvariantViolation extends Error {
  override name = 'InvariantViolation' as const;
}

function fail(rule: string, detail: string): never {
  throw new InvariantViolation(`${rule}: ${detail}`);
}

export function checkInvariants(sys: HarnessSystem, previous: Observation | undefined): Observation {
  const state = sys.page.store.getState().exports;
  checkHandovers(sys.handovers, sys.honouredClicks);
  if (sys.config.receipts) checkHandovers(completedFiles(sys), sys.honouredClicks); // files that arrived
  checkStoredSecrets(sys.data);
  checkState(state, previous && previous.page === sys.page ? previous.state : undefined);
  return { page: sys.page, state };
}

/**
 * 1. One automatic download per job, ever (across pages, reloads and tabs);
 * 3. manual downloads are explicit: never more files than accepted clicks.
 */
export function checkHandovers(handovers: { auto: Map<string, number>; manual: Map<string, number> }, clicks: Map<string, number>): void {
  for (const [id, n] of handovers.auto) if (n > 1) fail('invariant 1', `job ${id} was downloaded automatically ${n} times`);
  for (const [id, n] of handovers.manual) {
    const accepted = clicks.get(id) ?? 0;
    if (n > accepted) fail('invariant 3', `job ${id}: ${n} manual downloads for ${accepted} accepted clicks`);
  }
}

/** 7. Nothing secret-looking in storage. */
export function checkStoredSecrets(data: Map<string, string>): void {
  for (const [key, value] of data) if (SECRETS.test(value)) fail('invariant 7', `storage key ${key} holds something secret-looking`);
}

/**
 * The rules one page's state must keep, alone (7, 8) and against its own
 * previous state (4, 2, progress). `where` names the page in messages.
 */
export function checkState(state: ExportsState, previous: ExportsState | undefined, where = ''): void {
  // 7. The state is valid and serializable.
  const { dropped } = sanitizeExportsState(JSON.parse(JSON.stringify(state)));
  if (dropped > 0) fail('invariant 7', `${where}${dropped} invalid entries in state`);
  // 8. Bounded.
  const unprunable = state.jobs.ids.filter((id) => {
    const job = state.jobs.entities[id];
    const record = state.downloadedJobIds[id]?.status;
    return (job !== undefined && !isTerminalStatus(job.status)) || record === 'claimed' || record === 'downloading';
  }).length;
  if (state.jobs.ids.length > Math.max(20, unprunable)) fail('invariant 8', `${where}${state.jobs.ids.length} jobs kept with maxJobs 20`);
  if (!previous) return;
  for (const id of previous.jobs.ids) {
    const before = previous.jobs.entities[id];
    const after = state.jobs.entities[id];
    if (!before || !after) continue;
    // 4. Terminal states absorb.
    if (isTerminalStatus(before.status) && after.status !== before.status) {
      fail('invariant 4', `${where}job ${id} left ${before.status} for ${after.status}`);
    }
    // 2. No un-claim: a record never goes while its job exists.
    if (previous.downloadedJobIds[id] && !state.downloadedJobIds[id]) fail('invariant 2', `${where}the record of job ${id} was deleted`);
    if (after.progress < before.progress) fail('progress', `${where}job ${id} went back from ${before.progress} to ${after.progress}`);
  }
}

type SettlingPage = {
  store: { getState(): { exports: ExportsState } };
  listeners: { running(): { monitor: number; download: number; cancel: number } };
};

/** After everything settled: nothing left running for finished work, every auto job accounted for. */
export function checkSettled(sys: HarnessSystem): void {
  const active = checkPageSettled(sys.page);
  checkTransportSettled(sys.transport, active.size);
}

/** One page after settling; returns the ids of the jobs it still watches. */
function checkPageSettled(page: SettlingPage, where = ''): Set<string> {
  const state = page.store.getState().exports;
  const running = page.listeners.running();
  const active = state.jobs.ids.filter((id) => {
    const job = state.jobs.entities[id];
    return job !== undefined && !isTerminalStatus(job.status);
  });
  if (running.download > 0) fail('invariant 6', `${where}${running.download} downloads still running after settling`);
  if (running.monitor > active.length) fail('invariant 6', `${where}${running.monitor} monitors for ${active.length} active jobs`);
  for (const id of state.jobs.ids) {
    const job = state.jobs.entities[id];
    if (job?.status !== 'completed' || !job.autoDownload) continue;
    const record = state.downloadedJobIds[id];
    if (!record) fail('settled', `${where}completed job ${id} has no download record`);
    if (record.status === 'claimed' || record.status === 'downloading') fail('settled', `${where}job ${id} is still ${record.status} after settling`);
  }
  return new Set(active);
}

function checkTransportSettled(transport: HarnessSystem['transport'], activeJobs: number): void {
  if (transport.openDownloads() > 0) fail('invariant 6', `${transport.openDownloads()} downloads open on the server`);
  if (transport.openSubscriptions() > activeJobs) fail('invariant 6', `${transport.openSubscriptions()} open subscriptions for ${activeJobs} active jobs`);
}

// --- several tabs at once (harnessTabs.ts) ---

/**
 * Whether `tab` is promised to reflect `change` (a start or a dismissal):
 * it was open when the change was announced, or it read storage while
 * storage was promised to hold it (see `JobFacts` and `ChangeFact`).
 */
function promised(tab: Tab, change: { uncertainEv?: number }): boolean {
  return change.uncertainEv === undefined || tab.openedEv < change.uncertainEv;
}

/**
 * After every command of the multi-tab test: the handovers (one automatic
 * download per job across all tabs ever opened, none after a cancel the
 * tab knew of, manual ones explicit), each open tab's own state rules, and
 * the shared job list once the channel has delivered everything.
 */
export function checkTabs(sys: TabsSystem): void {
  if (sys.violations.length > 0) fail('handover', sys.violations.join('; '));
  if (sys.hub.errors.length > 0) fail('channel', `a listener threw: ${String(sys.hub.errors[0])}`);
  checkHandovers(sys.handovers, sys.honouredClicks);
  checkStoredSecrets(sys.storage.data);
  checkStoredSecrets(sys.ledger);
  for (const tab of sys.tabs) {
    const state = tab.bundle.store.getState().exports;
    checkState(state, tab.last?.state, `tab ${tab.serial}: `);
    tab.last = { page: tab, state };
  }
  if (sys.hub.pending(isJobListNews) === 0) checkJobList(sys);
}

/**
 * 2 (tabs). A live job is in every open tab promised to know it (pruning aside).
 * 3 (tabs). A dismissed job is in no open tab promised to know the dismissal.
 */
function checkJobList(sys: TabsSystem): void {
  for (const facts of sys.jobs.values()) {
    for (const tab of sys.tabs) {
      const has = tab.bundle.store.getState().exports.jobs.entities[facts.id] !== undefined;
      if (facts.dismissed) {
        if (has && promised(tab, facts.dismissed)) fail('dismissed (tabs)', `job ${facts.id}, dismissed, is back in tab ${tab.serial}`);
      } else if (!has && promised(tab, facts) && !sys.mayBePruned(facts.id)) {
        fail('job list (tabs)', `job ${facts.id} is missing from tab ${tab.serial}`);
      }
    }
  }
}

/**
 * After the run settled (storage working, channel drained, time passed):
 * the job list in every tab and in storage, and nothing left running.
 */
export function checkTabsSettled(sys: TabsSystem): void {
  const undelivered = sys.hub.pending(isJobListNews);
  if (undelivered > 0) fail('settled', `${undelivered} job-list messages still undelivered`);
  checkTabs(sys);
  const active = new Set<string>();
  for (const tab of sys.tabs) for (const id of checkPageSettled(tab.bundle, `tab ${tab.serial}: `)) active.add(id);
  checkTransportSettled(sys.transport, active.size);
  const stored = sys.storedJobIds();
  for (const facts of sys.jobs.values()) {
    if (facts.dismissed) {
      if (stored?.has(facts.id) && facts.dismissed.uncertainEv === undefined) fail('dismissed (storage)', `job ${facts.id}, dismissed, is back in storage`);
    } else if (!stored?.has(facts.id) && facts.uncertainEv === undefined && !sys.mayBePruned(facts.id)) {
      fail('job list (storage)', `job ${facts.id} is missing from storage`);
    }
  }
}
