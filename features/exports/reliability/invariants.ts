/**
 * The contract's invariants, checked on the real system after every
 * command of the model-based test. Each throws an Error naming the rule.
 */
import { isTerminalStatus } from '../jobStatus';
import { sanitizeExportsState } from '../persistence/sanitizeExportsState';
import type { ExportsState } from '../types';
import type { HarnessSystem } from './harnessSystem';

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
  // 1. One automatic download per job, ever (across pages and reloads).
  for (const [id, n] of sys.handovers.auto) if (n > 1) fail('invariant 1', `job ${id} was downloaded automatically ${n} times`);
  // 3. Manual downloads are explicit: never more files than accepted clicks.
  for (const [id, n] of sys.handovers.manual) {
    const clicks = sys.honouredClicks.get(id) ?? 0;
    if (n > clicks) fail('invariant 3', `job ${id}: ${n} manual downloads for ${clicks} accepted clicks`);
  }
  // 7. The state is valid and serializable.
  const { dropped } = sanitizeExportsState(JSON.parse(JSON.stringify(state)));
  if (dropped > 0) fail('invariant 7', `${dropped} invalid entries in state`);
  for (const [key, value] of sys.data) if (SECRETS.test(value)) fail('invariant 7', `storage key ${key} holds something secret-looking`);
  // 8. Bounded.
  const unprunable = state.jobs.ids.filter((id) => {
    const job = state.jobs.entities[id];
    const record = state.downloadedJobIds[id]?.status;
    return (job !== undefined && !isTerminalStatus(job.status)) || record === 'claimed' || record === 'downloading';
  }).length;
  if (state.jobs.ids.length > Math.max(20, unprunable)) fail('invariant 8', `${state.jobs.ids.length} jobs kept with maxJobs 20`);
  if (previous && previous.page === sys.page) {
    for (const id of previous.state.jobs.ids) {
      const before = previous.state.jobs.entities[id];
      const after = state.jobs.entities[id];
      if (!before || !after) continue;
      // 4. Terminal states absorb.
      if (isTerminalStatus(before.status) && after.status !== before.status) {
        fail('invariant 4', `job ${id} left ${before.status} for ${after.status}`);
      }
      // 2. No un-claim: a record never goes while its job exists.
      if (previous.state.downloadedJobIds[id] && !state.downloadedJobIds[id]) fail('invariant 2', `the record of job ${id} was deleted`);
      if (after.progress < before.progress) fail('progress', `job ${id} went back from ${before.progress} to ${after.progress}`);
    }
  }
  return { page: sys.page, state };
}

/** After everything settled: nothing left running for finished work, every auto job accounted for. */
export function checkSettled(sys: HarnessSystem): void {
  const state = sys.page.store.getState().exports;
  const running = sys.page.listeners.running();
  const active = state.jobs.ids.filter((id) => {
    const job = state.jobs.entities[id];
    return job !== undefined && !isTerminalStatus(job.status);
  });
  if (running.download > 0) fail('invariant 6', `${running.download} downloads still running after settling`);
  if (running.monitor > active.length) fail('invariant 6', `${running.monitor} monitors for ${active.length} active jobs`);
  if (sys.transport.openDownloads() > 0) fail('invariant 6', `${sys.transport.openDownloads()} downloads open on the server`);
  if (sys.transport.openSubscriptions() > active.length) fail('invariant 6', `${sys.transport.openSubscriptions()} open subscriptions for ${active.length} active jobs`);
  for (const id of state.jobs.ids) {
    const job = state.jobs.entities[id];
    if (job?.status !== 'completed' || !job.autoDownload) continue;
    const record = state.downloadedJobIds[id];
    if (!record) fail('settled', `completed job ${id} has no download record`);
    if (record.status === 'claimed' || record.status === 'downloading') fail('settled', `job ${id} is still ${record.status} after settling`);
  }
}
