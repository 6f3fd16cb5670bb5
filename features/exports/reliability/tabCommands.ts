/**
 * The commands of the multi-tab model-based test: what users do in one tab
 * of several (start, cancel, dismiss, Download again), what tabs do (open,
 * reload, crash, close), and what servers, networks, storages and clocks
 * do. A user's command may be quick: the next command follows before the
 * channel has delivered anything, so news races clicks, server events,
 * storage failures, crashes and throttled writes. Opening, reloading and
 * closing a tab are the user's too, and slower than the channel: what is in
 * flight arrives first (a crash may come at any instant). The model is
 * only the number of open tabs and started jobs (for `check`); the facts
 * the invariants need are kept by the system.
 */
import fc from 'fast-check';
import { cancelRequested, downloadRequested, jobCompleted, jobDismissed, jobProgressed } from '../model/exportsSlice';
import { startExport } from '../engine/startExport';
import { awaitOnFakeTimers } from './awaitOnFakeTimers';
import { holdDownloadsArbitrary, networkFaultArbitrary, storageModeArbitrary, timeJumpArbitrary, waitArbitrary } from './environmentEvents';
import type { EnvironmentEvent } from './environmentEvents';
import { MAX_TABS } from './harnessTabs';
import type { Tab, TabsSystem } from './harnessTabs';
import { checkTabs } from './invariants';

export interface TabsModel {
  started: number;
  openTabs: number;
}

type Cmd = fc.AsyncCommand<TabsModel, TabsSystem>;

abstract class Base implements Cmd {
  protected needsJob = false;
  /** The next command follows at once: no time passes, the channel delivers nothing meanwhile. */
  protected quick = false;
  check(model: Readonly<TabsModel>): boolean {
    return (this.needsJob ? model.started > 0 : true) && this.allowed(model);
  }
  protected allowed(_model: Readonly<TabsModel>): boolean {
    return true;
  }
  async run(model: TabsModel, sys: TabsSystem): Promise<void> {
    sys.commands += 1;
    await this.act(sys, model);
    if (this.quick) for (let i = 0; i < 10; i++) await Promise.resolve();
    else await jest.advanceTimersByTimeAsync(this.afterMs());
    checkTabs(sys);
  }
  protected afterMs(): number {
    return 10;
  }
  abstract act(sys: TabsSystem, model: TabsModel): Promise<void> | void;
  abstract toString(): string;
}

/** A user's command in tab `tab` (an index into the open tabs, modulo their number). */
abstract class InTab extends Base {
  constructor(readonly tab: number, quick: boolean) {
    super();
    this.quick = quick;
  }
  async act(sys: TabsSystem, model: TabsModel) {
    const tab = sys.tabAt(this.tab);
    if (tab) await this.inTab(sys, tab, model);
  }
  abstract inTab(sys: TabsSystem, tab: Tab, model: TabsModel): Promise<void> | void;
  protected label(name: string, ...args: Array<string | number | boolean>): string {
    return `${name}(tab ${[this.tab, ...args].join(', ')}${this.quick ? ', quick' : ''})`;
  }
}

class Start extends InTab {
  constructor(tab: number, quick: boolean, readonly autoDownload: boolean, readonly scope: string) {
    super(tab, quick);
  }
  async inTab(sys: TabsSystem, tab: Tab, model: TabsModel) {
    const pending = tab.bundle.store.dispatch(startExport({ scope: this.scope, autoDownload: this.autoDownload, label: `Export ${model.started + 1}` }));
    const result = await awaitOnFakeTimers(pending);
    if (startExport.fulfilled.match(result)) {
      sys.started(result.payload.id);
      model.started += 1;
    }
  }
  toString() {
    return this.label('Start', this.scope, `auto=${this.autoDownload}`);
  }
}

/** The harness's own dispatches carry the tabs' clock (`sys.now()`, time jumps included), as the app's would. */
abstract class OnJobInTab extends InTab {
  protected override needsJob = true;
  constructor(tab: number, quick: boolean, readonly job: number) {
    super(tab, quick);
  }
  inTab(sys: TabsSystem, tab: Tab) {
    const id = sys.jobAt(this.job);
    if (id !== undefined) this.onJob(sys, tab, id);
  }
  abstract onJob(sys: TabsSystem, tab: Tab, id: string): void;
}

class UserCancel extends OnJobInTab {
  onJob(sys: TabsSystem, tab: Tab, id: string) {
    const before = tab.bundle.store.getState().exports.jobs.entities[id]?.status;
    tab.bundle.store.dispatch(cancelRequested({ id, at: sys.now() }));
    const after = tab.bundle.store.getState().exports.jobs.entities[id]?.status;
    if (before !== 'cancelling' && after === 'cancelling') sys.cancelled(tab, id);
  }
  toString() {
    return this.label('UserCancel', `job ${this.job}`);
  }
}

class UserDismiss extends OnJobInTab {
  onJob(sys: TabsSystem, tab: Tab, id: string) {
    const had = tab.bundle.store.getState().exports.jobs.entities[id] !== undefined;
    tab.bundle.store.dispatch(jobDismissed({ id, at: sys.now() }));
    if (had) sys.dismissed(id);
  }
  toString() {
    return this.label('UserDismiss', `job ${this.job}`);
  }
}

class UserDownloadAgain extends OnJobInTab {
  onJob(sys: TabsSystem, tab: Tab, id: string) {
    const before = tab.bundle.store.getState().exports.downloadedJobIds[id];
    tab.bundle.store.dispatch(downloadRequested({ id, at: sys.now() }));
    const after = tab.bundle.store.getState().exports.downloadedJobIds[id];
    if (after && after.trigger === 'manual' && after.claimId !== before?.claimId) {
      sys.honouredClicks.set(id, (sys.honouredClicks.get(id) ?? 0) + 1);
    }
  }
  toString() {
    return this.label('UserDownloadAgain', `job ${this.job}`);
  }
}

/** A late or duplicate event reaching one tab: progress, or a completion the server made, again (push and poll) or in a burst. */
class EventInTab extends OnJobInTab {
  constructor(tab: number, quick: boolean, job: number, readonly kind: 'late-progress' | 'completed-again' | 'completed-burst') {
    super(tab, quick, job);
  }
  onJob(sys: TabsSystem, tab: Tab, id: string) {
    const { dispatch } = tab.bundle.store;
    if (this.kind === 'late-progress') dispatch(jobProgressed({ id, progress: 5, status: 'running', at: sys.now() }));
    else if (sys.transport.server.snapshot(id)?.status !== 'completed') return; // a duplicate echoes a real completion
    else if (this.kind === 'completed-again') dispatch(jobCompleted({ id, fileName: `${id}.zip`, at: sys.now() }));
    else for (let i = 0; i < 20; i++) dispatch(jobCompleted({ id, at: sys.now() }));
  }
  toString() {
    return this.label('EventInTab', `job ${this.job}`, this.kind);
  }
}

abstract class OnJob extends Base {
  protected override needsJob = true;
  constructor(readonly job: number) {
    super();
  }
  act(sys: TabsSystem) {
    const id = sys.jobAt(this.job);
    if (id !== undefined) this.onJob(sys, id);
  }
  abstract onJob(sys: TabsSystem, id: string): void;
}

class ServerProgress extends OnJob {
  constructor(job: number, readonly progress: number) {
    super(job);
  }
  onJob(sys: TabsSystem, id: string) {
    sys.transport.server.progress(id, this.progress, this.progress > 90 ? 'downloading' : 'writing');
  }
  toString() {
    return `ServerProgress(job ${this.job}, ${this.progress})`;
  }
}

class ServerEnd extends OnJob {
  constructor(job: number, readonly how: 'complete' | 'fail' | 'expire') {
    super(job);
  }
  onJob(sys: TabsSystem, id: string) {
    sys.noteServerEnd(id); // ended already (a cancel on the server): keep that time, not the next stamp
    if (this.how === 'complete') sys.transport.server.complete(id, { fileName: `${id}.zip` });
    else if (this.how === 'fail') sys.transport.server.fail(id);
    else sys.transport.server.expire(id);
    sys.noteServerEnd(id);
  }
  toString() {
    return `Server${this.how[0]!.toUpperCase()}${this.how.slice(1)}(job ${this.job})`;
  }
}

class OpenTab extends Base {
  protected override allowed(model: Readonly<TabsModel>) {
    return model.openTabs < MAX_TABS;
  }
  async act(sys: TabsSystem, model: TabsModel) {
    await sys.openTab();
    model.openTabs += 1;
  }
  toString() {
    return 'OpenTab';
  }
}

/** Closes tab `tab`: a crash (no flush: the browser killed it) or a clean close (`dispose`). One tab at least stays. */
class CloseTab extends Base {
  constructor(readonly tab: number, readonly how: 'crash' | 'clean') {
    super();
  }
  protected override allowed(model: Readonly<TabsModel>) {
    return model.openTabs > 1;
  }
  async act(sys: TabsSystem, model: TabsModel) {
    const tab = sys.tabAt(this.tab);
    if (!tab) return;
    if (this.how === 'crash') await tab.crash();
    else await tab.close();
    model.openTabs -= 1;
  }
  toString() {
    return `CloseTab(tab ${this.tab}, ${this.how})`;
  }
}

class Reload extends Base {
  constructor(readonly tab: number) {
    super();
  }
  async act(sys: TabsSystem) {
    const tab = sys.tabAt(this.tab);
    if (tab) await sys.reload(tab);
  }
  toString() {
    return `Reload(tab ${this.tab})`;
  }
}

/** What the world does: network, storage, ledger, clock (see `environmentEvents.ts`). */
class Env extends Base {
  constructor(readonly event: EnvironmentEvent<TabsSystem>) {
    super();
  }
  act(sys: TabsSystem) {
    this.event.apply(sys);
  }
  protected override afterMs(): number {
    return this.event.afterMs ?? super.afterMs();
  }
  toString() {
    return this.event.label;
  }
}

/** The ledger's storage (localStorage) fills up or frees, on its own: the slice may be kept elsewhere (IndexedDB). */
const ledgerArbitrary: fc.Arbitrary<EnvironmentEvent<TabsSystem>> = fc.boolean().map((full) => ({
  label: `Ledger(${full ? 'full' : 'ok'})`,
  apply: (sys) => {
    sys.ledgerFull = full;
  },
}));

const tab = fc.nat({ max: MAX_TABS - 1 });
const job = fc.nat({ max: 7 });
const quick = fc.boolean();

const start = fc
  .tuple(tab, quick, fc.boolean(), fc.constantFrom('p1', 'p2'))
  .map(([t, q, auto, scope]) => new Start(t, q, auto, scope));
const serverEnd = fc
  .tuple(job, fc.constantFrom<'complete' | 'fail' | 'expire'>('complete', 'complete', 'complete', 'fail', 'expire'))
  .map(([j, how]) => new ServerEnd(j, how));
const wait = waitArbitrary.map((event) => new Env(event));
const onJobInTab = <C extends OnJobInTab>(make: (t: number, q: boolean, j: number) => C) =>
  fc.tuple(tab, quick, job).map(([t, q, j]) => make(t, q, j));

/** Starts, completions, waits and the users' clicks are listed more than once: they weigh more. */
export const tabCommands = [
  start,
  start,
  start,
  serverEnd,
  serverEnd,
  serverEnd,
  wait,
  wait,
  fc.tuple(job, fc.integer({ min: 0, max: 100 })).map(([j, p]) => new ServerProgress(j, p)),
  onJobInTab((t, q, j) => new UserCancel(t, q, j)),
  onJobInTab((t, q, j) => new UserCancel(t, q, j)),
  onJobInTab((t, q, j) => new UserDismiss(t, q, j)),
  onJobInTab((t, q, j) => new UserDismiss(t, q, j)),
  onJobInTab((t, q, j) => new UserDownloadAgain(t, q, j)),
  fc
    .tuple(tab, quick, job, fc.constantFrom<'late-progress' | 'completed-again' | 'completed-burst'>('late-progress', 'completed-again', 'completed-burst'))
    .map(([t, q, j, kind]) => new EventInTab(t, q, j, kind)),
  fc.constant(null).map(() => new OpenTab()),
  fc.constant(null).map(() => new OpenTab()),
  fc.tuple(tab, fc.constantFrom<'crash' | 'clean'>('crash', 'clean')).map(([t, how]) => new CloseTab(t, how)),
  tab.map((t) => new Reload(t)),
  ...[networkFaultArbitrary, holdDownloadsArbitrary, storageModeArbitrary, ledgerArbitrary, timeJumpArbitrary].map((events) =>
    events.map((event) => new Env(event)),
  ),
];
