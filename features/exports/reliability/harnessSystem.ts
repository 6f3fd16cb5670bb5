/**
 * The real side of the model-based test: one memory server, one storage
 * shared by successive pages (a reload kills a page and opens a new one),
 * and counters of every file handed over, split by what claimed it.
 */
import { ExportError } from '../errors/ExportError';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { MemoryTransport } from '../testkit/createMemoryTransport';
import { createSharedStorage } from '../testSupport/reloadHarness';
import { makeTestStore } from '../testSupport/testStore';

import type { StorageMode } from '../testSupport/reloadHarness';

export interface HarnessConfig {
  push: boolean;
  resumeInterrupted: 'ask' | 'auto';
  maxAttempts: number;
  /** Links name deliveries with receipts (harnessDeliveries.ts): only completed ones are files. */
  receipts?: boolean;
}

type Page = ReturnType<typeof makeTestStore> & { kill(): Promise<void> };

export class HarnessSystem {
  /** The storage every page shares; its `mode` makes it fill up or go away. */
  readonly storage = createSharedStorage();
  get data(): Map<string, string> {
    return this.storage.data;
  }
  readonly transport: MemoryTransport;
  /** Job ids the server made, in order. */
  readonly jobIds: string[] = [];
  /** Files handed over per job, by the trigger of the claim that asked. */
  readonly handovers = { auto: new Map<string, number>(), manual: new Map<string, number>() };
  /**
   * With `resumeInterrupted: 'auto'` the app accepts that a download whose
   * success never reached storage (the tab died, or storage failed, just
   * after the handover) is repeated once on a later page. Such repeats are
   * counted here, not as violations; on the same page they still are.
   */
  readonly resumedRepeats = new Map<string, number>();
  private readonly firstAutoPage = new Map<string, number>();
  /** With receipts: the trigger of the claim that handed each delivery over. */
  readonly deliveryTriggers = new Map<string, 'auto' | 'manual'>();
  /** Clicks on "Download again" that the state accepted, per job. */
  readonly honouredClicks = new Map<string, number>();
  clockOffset = 0;
  commands = 0;
  reloads = 0;
  page!: Page;

  constructor(readonly config: HarnessConfig) {
    this.transport = createMemoryTransport({ push: config.push, receipts: config.receipts === true, now: () => this.now() });
    const original = this.transport.download.bind(this.transport);
    this.transport.download = async (job, opts) => {
      const trigger = this.page.store.getState().exports.downloadedJobIds[job.id]?.trigger ?? 'auto';
      const result = await original(job, opts);
      if (result?.deliveryId !== undefined) {
        this.deliveryTriggers.set(result.deliveryId, trigger);
        return result; // a link, not a file: files are counted from completed deliveries
      }
      if (trigger === 'auto' && this.firstAutoPage.has(job.id) && this.config.resumeInterrupted === 'auto' && this.reloads > (this.firstAutoPage.get(job.id) ?? 0)) {
        this.resumedRepeats.set(job.id, (this.resumedRepeats.get(job.id) ?? 0) + 1);
        this.firstAutoPage.set(job.id, this.reloads);
        return;
      }
      if (trigger === 'auto' && !this.firstAutoPage.has(job.id)) this.firstAutoPage.set(job.id, this.reloads);
      const counts = this.handovers[trigger];
      counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
      return result;
    };
  }

  now(): number {
    return Date.now() + this.clockOffset;
  }

  /** Storage works again, or starts failing. */
  setStorageMode(mode: StorageMode): void {
    this.storage.mode = mode;
  }

  async open(): Promise<void> {
    const view = this.storage.page();
    const page = makeTestStore({
      transport: this.transport,
      storage: view.storage,
      now: () => this.now(),
      pollIntervalMs: 100,
      persistThrottleMs: 200,
      maxAttempts: this.config.maxAttempts,
      resumeInterrupted: this.config.resumeInterrupted,
      random: () => 0.5,
      ttlMs: 60 * 60_000,
      maxJobs: 20,
      devChecks: false,
    });
    let ready = false;
    void page.ready.then(() => (ready = true));
    for (let i = 0; i < 20 && !ready; i++) await jest.advanceTimersByTimeAsync(1);
    if (!ready) throw new ExportError('harness', 'the page never became ready');
    this.page = Object.assign(page, {
      kill: async () => {
        view.kill();
        page.persistor?.pause();
        await page.listeners();
      },
    });
  }

  async reload(): Promise<void> {
    await this.page.kill();
    this.reloads += 1;
    await this.open();
  }

  jobAt(index: number): string | undefined {
    return this.jobIds.length === 0 ? undefined : this.jobIds[index % this.jobIds.length];
  }

  count(map: Map<string, number>): number {
    let total = 0;
    for (const n of map.values()) total += n;
    return total;
  }
}
