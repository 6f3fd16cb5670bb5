/**
 * The real side of the multi-tab model-based test: several tabs (stores)
 * open at once over one storage, one memory server, one in-memory lock
 * manager, one ledger and one in-memory BroadcastChannel, as in a browser
 * with 2 or 3 tabs of the app. Tabs open, reload, crash (no flush) and
 * close cleanly; every file handed over is counted by the tab and the
 * trigger of the claim that asked.
 *
 * Beside the real tabs it keeps the facts the invariants need (what was
 * started, dismissed and cancelled, when, and which tabs were open then),
 * and what the model can no longer promise about storage: see `JobFacts`.
 */
import { ExportError } from '../errors/ExportError';
import { isTerminalStatus } from '../model/jobStatus';
import { createTabCoordinator } from '../tabs/createTabCoordinator';
import type { SyncStorageLike, TabCoordinator } from '../tabs/createTabCoordinator';
import { createMemoryChannelHub } from '../testSupport/memoryChannel';
import { createMemoryLocks } from '../testSupport/memoryLocks';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { MemoryTransport } from '../testkit/createMemoryTransport';
import { createSharedStorage } from '../testSupport/reloadHarness';
import type { StorageMode } from '../testSupport/reloadHarness';
import { makeTestStore } from '../testSupport/testStore';
import type { ExportsState, JobStatus } from '../model/types';
import type { Observation } from './invariants';
import { checkStorageWrite } from './storageChecks';
import type { StorageWatch } from './storageChecks';

export interface TabsConfig {
  push: boolean;
  resumeInterrupted: 'ask' | 'auto';
  maxAttempts: number;
  /** Tabs open when the run begins. */
  initialTabs: number;
}

/** At most this many tabs are open at once. */
export const MAX_TABS = 3;
export const PERSIST_THROTTLE_MS = 200;
/**
 * How long after a change storage may still be overwritten without it when
 * storage fails: a throttled write of a tab not yet told (redux-persist
 * writes the slice one key per tick: `jobs`, `downloadedJobIds`, `_persist`)
 * whose repair then fails. Generous: the repair is written at once.
 */
export const WRITE_WINDOW_MS = 3 * PERSIST_THROTTLE_MS + 50;
export const TTL_MS = 60 * 60_000;

/** A message about the list of jobs (added, cancelled, dismissed), not a monitor's status news. */
export const isJobListNews = (data: unknown): boolean => typeof data === 'object' && data !== null && 'shared' in data;
export const MAX_JOBS = 20;
const PERSIST_KEY = 'persist:redux-export-jobs';

type Bundle = ReturnType<typeof makeTestStore>;

export interface Tab {
  /** 1, 2, 3... in the order tabs were opened in this run. */
  readonly serial: number;
  /** The model's event count when the tab was created (before it read storage). */
  readonly openedEv: number;
  readonly bundle: Bundle;
  readonly coordinator: TabCoordinator;
  /** Jobs whose cancel this tab asked for, or heard of from another tab. */
  readonly cancelSeen: Set<string>;
  /** The previous observation of this tab's state (terminal states absorb within a tab). */
  last?: Observation;
  /** The tab dies, at any instant: no flush, no more writes (storage, ledger), its channel and locks go. */
  crash(): Promise<void>;
  /** The user closes the tab: in-flight news arrives first, then `dispose()` (stops everything, flushes storage), then its channel closes. */
  close(): Promise<void>;
}

/** A change of the shared job list made in one tab at one instant. */
export interface ChangeFact {
  ev: number;
  /** Fake-clock ms (without time jumps) when it was made. */
  at: number;
  /**
   * Set when the change may not have reached storage: it was made while
   * storage failed, or storage failed right after it (within
   * `WRITE_WINDOW_MS`: a tab told of it late may have written over it just
   * then). Tabs opened after this event may not know it. A crash alone
   * never makes a change uncertain: the tab that makes a change, and every
   * tab told of it, write it at once (harness finds #1, #2 and #4 in
   * `tabs/tabsHarnessFinds.test.ts`), so it is on disk before any tab can die.
   */
  uncertainEv?: number;
}

/**
 * What the model knows of one job. A job is live from its start until a
 * dismissal (pruning aside). Its presence in storage, and so in tabs opened
 * later, is promised until `uncertainEv`: a storage failure (a quota error
 * shrinks the stored list; a disabled storage keeps or loses it) ends the
 * promise for every job then live. Starts, dismissals and cancels are
 * written at once, so a crash (a tab killed before its throttled write)
 * never ends a promise: what only waited for a throttled write (progress,
 * download records) is not part of it.
 */
export interface JobFacts {
  id: string;
  startedEv: number;
  uncertainEv?: number;
  dismissed?: ChangeFact;
  cancels: ChangeFact[];
}

export class TabsSystem {
  /** Checked after every write that reaches it (`storageChecks.ts`). */
  readonly storage = createSharedStorage((key, previous, value) => this.storageWritten(key, previous, value));
  readonly storageWatch: StorageWatch = { tombstoned: new Map(), writes: 0 };
  readonly transport: MemoryTransport;
  readonly locks = createMemoryLocks();
  /** The ledger of the download coordinator (localStorage in a browser). */
  readonly ledger = new Map<string, string>();
  /** The ledger refuses writes (a full localStorage), whatever the slice's storage does. */
  ledgerFull = false;
  readonly hub = createMemoryChannelHub({ onDeliver: (owner, data) => this.delivered(owner, data) });
  /** The open tabs, oldest first. */
  readonly tabs: Tab[] = [];
  readonly jobs = new Map<string, JobFacts>();
  /** Job ids in the order they were started. */
  readonly jobIds: string[] = [];
  readonly handovers = { auto: new Map<string, number>(), manual: new Map<string, number>() };
  /** Repeats of an automatic download on a later tab with `resumeInterrupted: 'auto'` (opted into; not violations). */
  readonly resumedRepeats = new Map<string, number>();
  readonly honouredClicks = new Map<string, number>();
  /** Rule breaches seen where they happen (in a handover), thrown by the next check. */
  readonly violations: string[] = [];
  private readonly lastAuto = new Map<string, number>();
  /** Events of the model: starts, dismissals, cancels, tab openings, storage failures. */
  ev = 0;
  /** Storage works now (its failure mode is off). */
  get storageOk(): boolean {
    return this.storage.mode === 'ok';
  }
  clockOffset = 0;
  commands = 0;
  tabsOpened = 0;
  reloads = 0;
  crashes = 0;
  cleanCloses = 0;

  constructor(readonly config: TabsConfig) {
    this.transport = createMemoryTransport({ push: config.push, now: () => this.now() });
  }

  now(): number {
    return Date.now() + this.clockOffset;
  }

  tabAt(index: number): Tab | undefined {
    return this.tabs.length === 0 ? undefined : this.tabs[index % this.tabs.length];
  }

  jobAt(index: number): string | undefined {
    return this.jobIds.length === 0 ? undefined : this.jobIds[index % this.jobIds.length];
  }

  async openTab(): Promise<Tab> {
    await this.letNewsArrive(); // a page takes longer to load than a BroadcastChannel takes to deliver
    const serial = ++this.tabsOpened;
    const openedEv = ++this.ev;
    const view = this.storage.page();
    let dead = false;
    const ledger: SyncStorageLike = {
      getItem: (key) => (dead ? null : (this.ledger.get(key) ?? null)),
      setItem: (key, value) => {
        if (dead) return;
        if (this.ledgerFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        this.ledger.set(key, value);
      },
    };
    const coordinator = createTabCoordinator({
      locks: this.locks,
      storage: ledger,
      now: () => this.now(),
      channel: (name) => this.hub.open(name, serial),
    });
    const holder: { tab?: Tab } = {};
    const transport: MemoryTransport = {
      ...this.transport,
      getStatus: async (id, signal) => {
        this.watchRequested(serial, id, 'getStatus');
        const snapshot = await this.transport.getStatus(id, signal);
        this.finalLearned(snapshot);
        return snapshot;
      },
      ...(this.transport.subscribe && {
        subscribe: (id, onEvent, signal) => {
          this.watchRequested(serial, id, 'subscribe');
          return this.transport.subscribe!(id, (event) => (this.finalLearned(event.job), onEvent(event)), signal);
        },
      }),
      download: async (job, opts) => {
        const record = holder.tab?.bundle.store.getState().exports.downloadedJobIds[job.id];
        await this.transport.download(job, opts);
        if (holder.tab) this.handedOver(holder.tab, job.id, record?.trigger ?? 'auto', record?.attempts ?? 0);
      },
    };
    const bundle = makeTestStore({
      transport,
      storage: view.storage,
      tabs: coordinator,
      now: () => this.now(),
      pollIntervalMs: 100,
      persistThrottleMs: PERSIST_THROTTLE_MS,
      maxAttempts: this.config.maxAttempts,
      resumeInterrupted: this.config.resumeInterrupted,
      random: () => 0.5,
      ttlMs: TTL_MS,
      maxJobs: MAX_JOBS,
      devChecks: false,
    });
    const remove = (): void => {
      const at = this.tabs.indexOf(tab);
      if (at >= 0) this.tabs.splice(at, 1);
    };
    const tab: Tab = {
      serial,
      openedEv,
      bundle,
      coordinator,
      cancelSeen: new Set(),
      crash: async () => {
        remove();
        view.kill();
        dead = true;
        bundle.persistor?.pause();
        coordinator.close?.();
        await bundle.listeners();
        this.crashes += 1;
      },
      close: async () => {
        await this.letNewsArrive(); // the user closes a tab: never within the channel's latency of a click elsewhere
        remove();
        await bundle.dispose();
        coordinator.close?.();
        this.cleanCloses += 1;
      },
    };
    holder.tab = tab;
    this.tabs.push(tab);
    let ready = false;
    void bundle.ready.then(() => (ready = true));
    for (let i = 0; i < 20 && !ready; i++) await jest.advanceTimersByTimeAsync(1);
    if (!ready) throw new ExportError('harness', `tab ${serial} never became ready`);
    return tab;
  }

  /** The user reloads a tab: what the channel has in flight arrives first (as for `close`), then the page dies unflushed. */
  async reload(tab: Tab): Promise<void> {
    await this.letNewsArrive();
    await tab.crash();
    this.reloads += 1;
    await this.openTab();
  }

  /**
   * Lets the job-list news in flight arrive (a millisecond or two). Under
   * fake timers a zero delay set during a tick is 1 ms, so `advance(0)` is
   * not enough.
   */
  async letNewsArrive(): Promise<void> {
    for (let i = 0; i < 5 && this.hub.pending(isJobListNews) > 0; i++) await jest.advanceTimersByTimeAsync(1);
  }

  // --- the model's bookkeeping ---

  started(id: string): void {
    const ev = ++this.ev;
    this.jobIds.push(id);
    this.jobs.set(id, { id, startedEv: ev, uncertainEv: this.storageOk ? undefined : ev, cancels: [] });
  }

  private change(): ChangeFact {
    const ev = ++this.ev;
    return { ev, at: Date.now(), uncertainEv: this.storageOk ? undefined : ev };
  }

  dismissed(id: string): void {
    const facts = this.jobs.get(id);
    if (facts && !facts.dismissed) facts.dismissed = this.change();
  }

  cancelled(tab: Tab, id: string): void {
    tab.cancelSeen.add(id);
    this.jobs.get(id)?.cancels.push(this.change());
  }

  /** Storage works again, or starts failing (see `storageFailed`). */
  setStorageMode(mode: StorageMode): void {
    this.storage.mode = mode;
    if (mode !== 'ok') this.storageFailed();
  }

  /** Storage starts failing: nothing then live is promised in storage any more, nor what waited for a write. */
  private storageFailed(): void {
    const ev = ++this.ev;
    const recent = Date.now() - WRITE_WINDOW_MS;
    for (const facts of this.jobs.values()) {
      if (!facts.dismissed) facts.uncertainEv ??= ev;
      for (const change of [facts.dismissed, ...facts.cancels]) {
        if (change && change.at > recent) change.uncertainEv ??= ev;
      }
    }
  }

  private delivered(owner: number, data: unknown): void {
    const shared = (data as { shared?: { type?: unknown; id?: unknown } } | null)?.shared;
    if (shared?.type !== 'cancelRequested' || typeof shared.id !== 'string') return;
    this.tabs.find((t) => t.serial === owner)?.cancelSeen.add(shared.id);
  }

  /** True when `tab` opened after a cancel of `id` that storage is promised to hold. */
  cancelKnownAtOpen(tab: Tab, id: string): boolean {
    return (this.jobs.get(id)?.cancels ?? []).some((c) => c.ev < tab.openedEv && (c.uncertainEv === undefined || tab.openedEv < c.uncertainEv));
  }

  private handedOver(tab: Tab, id: string, trigger: 'auto' | 'manual', attempts: number): void {
    if (trigger === 'manual') {
      this.handovers.manual.set(id, (this.handovers.manual.get(id) ?? 0) + 1);
      return;
    }
    if (tab.cancelSeen.has(id) || this.cancelKnownAtOpen(tab, id)) {
      this.violations.push(`invariant 1 (tabs, cancel): job ${id} was downloaded automatically in tab ${tab.serial} after a cancel that tab knew of`);
    }
    const ev = ++this.ev;
    const previous = this.lastAuto.get(id);
    this.lastAuto.set(id, ev);
    // A resumed claim (its attempts carry over) on a tab opened after the last handover: the 'auto' trade-off.
    if (previous !== undefined && this.config.resumeInterrupted === 'auto' && tab.openedEv > previous && attempts >= 2) {
      this.resumedRepeats.set(id, (this.resumedRepeats.get(id) ?? 0) + 1);
      return;
    }
    this.handovers.auto.set(id, (this.handovers.auto.get(id) ?? 0) + 1);
  }

  /** When a tab first heard a job's final status from the server, and which tabs were open then (`watchRequested`). */
  readonly finals = new Map<string, { ev: number; open: Set<number> }>();
  /** Watching requests (subscribe, getStatus) per job, across all tabs. */
  readonly watchRequests = new Map<string, number>();

  private finalLearned(snapshot: { id: string; status: string }): void {
    if (this.finals.has(snapshot.id) || !isTerminalStatus(snapshot.status as JobStatus) || this.ledgerFull) return;
    this.finals.set(snapshot.id, { ev: ++this.ev, open: new Set(this.tabs.map((t) => t.serial)) });
  }

  /**
   * No second watch at completion: a tab open when the watching tab heard
   * the final status never subscribes to, or polls, that job again (the
   * handover, docs/design.md#tabs). A cancel may refresh the status: exempt.
   */
  private watchRequested(serial: number, id: string, kind: 'subscribe' | 'getStatus'): void {
    this.watchRequests.set(id, (this.watchRequests.get(id) ?? 0) + 1);
    const final = this.finals.get(id);
    if (!final?.open.has(serial) || (this.jobs.get(id)?.cancels.length ?? 0) > 0) return;
    this.violations.push(`second watch: tab ${serial} called ${kind} for job ${id}, which had ended while it was open`);
  }

  private storageWritten(key: string, previous: string | undefined, value: string): void {
    if (key !== PERSIST_KEY) return;
    this.violations.push(...checkStorageWrite(this.storageWatch, previous, value, { now: this.now(), ttlMs: TTL_MS, maxJobs: MAX_JOBS, mayBePruned: (id) => this.mayBePruned(id) }));
  }

  // --- what the invariants compare ---

  /** Jobs the model says exist now (started, not dismissed), with their facts. */
  live(): JobFacts[] {
    return [...this.jobs.values()].filter((f) => !f.dismissed);
  }

  /** When the server first finished each job (its snapshot is stamped again by a later `expire`). */
  private readonly serverFinishedAt = new Map<string, number>();

  /** Call around every server event: remembers when the job first ended on the server. */
  noteServerEnd(id: string): void {
    const snapshot = this.transport.server.snapshot(id);
    if (this.serverFinishedAt.has(id) || !snapshot || !isTerminalStatus(snapshot.status)) return;
    this.serverFinishedAt.set(id, snapshot.completedAt ?? snapshot.updatedAt ?? 0);
  }

  /**
   * True when some tab may have pruned the job: the server finished it at
   * least a ttl ago (a tab can only learn of the end later), or there are
   * more jobs than `maxJobs`.
   */
  mayBePruned(id: string): boolean {
    this.noteServerEnd(id);
    const finished = this.serverFinishedAt.get(id);
    if (finished === undefined) return false;
    return this.jobIds.length > MAX_JOBS || this.now() - finished >= TTL_MS;
  }

  /** The job ids in storage, as a fresh page would find them before its own pruning; `undefined` when nothing is stored. */
  storedJobIds(): Set<string> | undefined {
    const raw = this.storage.data.get(PERSIST_KEY);
    if (raw === undefined) return undefined;
    const outer = JSON.parse(raw) as { jobs?: string };
    const jobs = (outer.jobs === undefined ? { ids: [] } : JSON.parse(outer.jobs)) as ExportsState['jobs'];
    return new Set(jobs.ids);
  }

  count(map: Map<string, number>): number {
    let total = 0;
    for (const n of map.values()) total += n;
    return total;
  }
}
