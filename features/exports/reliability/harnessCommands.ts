/**
 * The commands of the model-based test: what users, servers, networks,
 * storages and clocks do, in any order. The model is only what the
 * commands need to be valid; the invariants are checked on the real system.
 */
import fc from 'fast-check';
import { cancelRequested, downloadRequested, jobCompleted, jobDismissed, jobProgressed } from '../model/exportsSlice';
import { startExport } from '../engine/startExport';
import { awaitOnFakeTimers } from './awaitOnFakeTimers';
import { holdDownloadsArbitrary, networkFaultArbitrary, storageModeArbitrary, timeJumpArbitrary, waitArbitrary } from './environmentEvents';
import type { EnvironmentEvent } from './environmentEvents';
import { browserEndsArbitrary, browserFateArbitrary } from './harnessDeliveries';
import type { HarnessSystem } from './harnessSystem';
import { checkInvariants } from './invariants';
import type { Observation } from './invariants';

export interface HarnessModel {
  started: number;
  last?: Observation;
}

type Cmd = fc.AsyncCommand<HarnessModel, HarnessSystem>;

abstract class Base implements Cmd {
  check(model: Readonly<HarnessModel>): boolean {
    return this.needsJob ? model.started > 0 : true;
  }
  protected needsJob = false;
  async run(model: HarnessModel, sys: HarnessSystem): Promise<void> {
    sys.commands += 1;
    await this.act(sys, model);
    await jest.advanceTimersByTimeAsync(this.afterMs());
    model.last = checkInvariants(sys, model.last);
  }
  protected afterMs(): number {
    return 10;
  }
  abstract act(sys: HarnessSystem, model: HarnessModel): Promise<void> | void;
  abstract toString(): string;
}

class Start extends Base {
  constructor(readonly autoDownload: boolean, readonly scope: string) {
    super();
  }
  async act(sys: HarnessSystem, model: HarnessModel) {
    const pending = sys.page.store.dispatch(startExport({ scope: this.scope, autoDownload: this.autoDownload, label: `Export ${model.started + 1}` }));
    const result = await awaitOnFakeTimers(pending);
    if (startExport.fulfilled.match(result)) {
      sys.jobIds.push(result.payload.id);
      model.started += 1;
    } else if (process.env.HARNESS_DEBUG) {
      console.log('start rejected', result.payload);
    }
  }
  toString() {
    return `Start(${this.scope}, auto=${this.autoDownload})`;
  }
}

abstract class OnJob extends Base {
  protected override needsJob = true;
  constructor(readonly index: number) {
    super();
  }
  async act(sys: HarnessSystem) {
    const id = sys.jobAt(this.index);
    if (id !== undefined) await this.onJob(sys, id);
  }
  abstract onJob(sys: HarnessSystem, id: string): Promise<void> | void;
}

class ServerProgress extends OnJob {
  constructor(index: number, readonly progress: number) {
    super(index);
  }
  onJob(sys: HarnessSystem, id: string) {
    sys.transport.server.progress(id, this.progress, this.progress > 90 ? 'downloading' : 'writing');
  }
  toString() {
    return `ServerProgress(${this.index}, ${this.progress})`;
  }
}

class ServerComplete extends OnJob {
  constructor(index: number, readonly echo: 'none' | 'push-and-poll' | 'burst') {
    super(index);
  }
  onJob(sys: HarnessSystem, id: string) {
    sys.transport.server.complete(id, { fileName: `${id}.zip` });
    if (this.echo === 'push-and-poll') sys.page.store.dispatch(jobCompleted({ id, fileName: `${id}.zip` }));
    if (this.echo === 'burst') for (let i = 0; i < 20; i++) sys.page.store.dispatch(jobCompleted({ id }));
  }
  toString() {
    return `ServerComplete(${this.index}, ${this.echo})`;
  }
}

class ServerFail extends OnJob {
  onJob(sys: HarnessSystem, id: string) {
    sys.transport.server.fail(id);
  }
  toString() {
    return `ServerFail(${this.index})`;
  }
}

class ServerExpire extends OnJob {
  onJob(sys: HarnessSystem, id: string) {
    sys.transport.server.expire(id);
  }
  toString() {
    return `ServerExpire(${this.index})`;
  }
}

class LateEvent extends OnJob {
  onJob(sys: HarnessSystem, id: string) {
    sys.page.store.dispatch(jobProgressed({ id, progress: 5, status: 'running' }));
  }
  toString() {
    return `LateProgress(${this.index})`;
  }
}

class UserCancel extends OnJob {
  onJob(sys: HarnessSystem, id: string) {
    sys.page.store.dispatch(cancelRequested({ id }));
  }
  toString() {
    return `UserCancel(${this.index})`;
  }
}

class UserDownloadAgain extends OnJob {
  onJob(sys: HarnessSystem, id: string) {
    const before = sys.page.store.getState().exports.downloadedJobIds[id];
    sys.page.store.dispatch(downloadRequested({ id }));
    const after = sys.page.store.getState().exports.downloadedJobIds[id];
    if (after && after.trigger === 'manual' && after.claimId !== before?.claimId) {
      sys.honouredClicks.set(id, (sys.honouredClicks.get(id) ?? 0) + 1);
    }
  }
  toString() {
    return `UserDownloadAgain(${this.index})`;
  }
}

class UserDismiss extends OnJob {
  onJob(sys: HarnessSystem, id: string) {
    sys.page.store.dispatch(jobDismissed({ id }));
  }
  toString() {
    return `UserDismiss(${this.index})`;
  }
}

/** What the world does: network, storage, clock (see `environmentEvents.ts`). */
class Env extends Base {
  constructor(readonly event: EnvironmentEvent) {
    super();
  }
  act(sys: HarnessSystem) {
    this.event.apply(sys);
  }
  protected override afterMs(): number {
    return this.event.afterMs ?? super.afterMs();
  }
  toString() {
    return this.event.label;
  }
}

class Reload extends Base {
  async act(sys: HarnessSystem, model: HarnessModel) {
    await sys.reload();
    model.last = undefined;
  }
  toString() {
    return 'Reload';
  }
}

const index = fc.nat({ max: 7 });

const start = fc.tuple(fc.boolean(), fc.constantFrom('p1', 'p2')).map(([auto, scope]) => new Start(auto, scope));
const complete = fc
  .tuple(index, fc.constantFrom<'none' | 'push-and-poll' | 'burst'>('none', 'push-and-poll', 'burst'))
  .map(([i, echo]) => new ServerComplete(i, echo));
const wait = waitArbitrary.map((event) => new Env(event));

/** Starts, completions and waits are listed more than once: they weigh more. */
export const harnessCommands = [
  start,
  start,
  start,
  complete,
  complete,
  complete,
  wait,
  wait,
  fc.tuple(index, fc.integer({ min: 0, max: 100 })).map(([i, p]) => new ServerProgress(i, p)),
  index.map((i) => new ServerFail(i)),
  index.map((i) => new ServerExpire(i)),
  index.map((i) => new LateEvent(i)),
  index.map((i) => new UserCancel(i)),
  index.map((i) => new UserDownloadAgain(i)),
  index.map((i) => new UserDismiss(i)),
  networkFaultArbitrary.map((event) => new Env(event)),
  holdDownloadsArbitrary.map((event) => new Env(event)),
  storageModeArbitrary.map((event) => new Env(event)),
  fc.constant(null).map(() => new Reload()),
  timeJumpArbitrary.map((event) => new Env(event)),
  // With receipts (harnessDeliveries.ts); without, the fates are never read.
  browserFateArbitrary.map((event) => new Env(event)),
  browserEndsArbitrary.map((event) => new Env(event)),
];
