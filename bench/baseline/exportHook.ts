/**
 * The baseline: the hand-written export hook of the bug note
 * (`useSharedAdvancedExport` + `exportStateManager` of
 * ../../../shared/seed/000_a686fc2a233ba023.txt), rebuilt from
 * docs/failure-modes.md as plain TypeScript so it can be driven by the same
 * events as our library, without React.
 *
 * What React would do is emulated, no more:
 * - `setState` replaces the state object and schedules ONE render per
 *   microtask (React 18 batches updates made in the same task);
 * - each render runs the effects whose dependencies changed (by identity,
 *   like `useEffect` deps);
 * - `useRef` values are plain fields (they survive renders, not remounts).
 *
 * It is meant to be an honest reproduction, not a strawman: it keeps every
 * protection the note lists (the `downloadedJobIds` set, the
 * `downloadInProgress` flag, the status check, the localStorage cleanup,
 * an AbortController) and even guards on its own "downloading" state. Its
 * flaws are the ones the app's history shows, by docs/failure-modes.md row:
 *
 * - row 1: the "already downloaded" mark is set inside the async callback
 *   (here: when the 1 s timer fires), so every effect run before that
 *   passes the guard and schedules its own download. The note's fix moved
 *   the mark before the timer; the baseline is the code before the fix,
 *   as the benchmark issue asks.
 * - row 2: a failed download removes the id from the set "to allow retry";
 *   the state change re-runs the effect, which passes the guard again and
 *   fails the same way (a 401 forever).
 * - row 5: a 1 s timer before the download (kept in a ref, cleared only on
 *   unmount: a re-render does not clear it, which is what lets row 1 happen).
 * - row 7: the saved state is written on every change (the "a
 *   localStorage write on every change": JSON of the hook's whole state)
 *   and cleared as soon as the job is neither running nor downloading.
 * - row 8: the poller treats only `completed` and `failed` as terminal.
 * - row 12: the downloaded ids are one saved set per project, with no
 *   expiry, no cap and no schema version.
 *
 * Not reproduced (they cost nothing a benchmark can count): rows 3, 6, 9,
 * 10, 11, 13. Row 4 (the mark lived in component memory) belongs to an
 * earlier version than row 12's saved set; the baseline keeps row 12's.
 */
import type { ExportJob, ExportTransport, JobSnapshot } from '../../features/exports/model/types';

/** The synchronous localStorage API, as the app used it. */
export interface BaselineStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface BaselineOptions {
  transport: ExportTransport;
  storage: BaselineStorage;
  /** The hook is per project; so are its saved keys. */
  projectId: string;
  /** @default 2000 */
  pollIntervalMs?: number;
  /** The timer before the automatic download. @default 1000 */
  downloadDelayMs?: number;
  /** Told when the transport's `download` is called (for latency figures). */
  onDownloadCall?: (jobId: string) => void;
}

/** The hook's state (`useState`): what the app saved as "the export state". */
export interface BaselineState {
  currentJob: JobSnapshot | null;
  completedJobId: string | null;
  /** The UI's "Downloading..." state. */
  downloadStatus: 'idle' | 'downloading' | 'failed';
  error: string | null;
}

const INITIAL: BaselineState = { currentJob: null, completedJobId: null, downloadStatus: 'idle', error: null };

/** exportStateManager's keys. */
export const stateKey = (projectId: string): string => `export-state:${projectId}`;
export const downloadedKey = (projectId: string): string => `export-downloaded:${projectId}`;

export class BaselineExportHook {
  private state: BaselineState = INITIAL;
  /** useRef(new Set(saved)): every id ever downloaded in this project (row 12). */
  private readonly downloadedJobIds: Set<string>;
  /** useRef(false): "prevents concurrent download attempts". */
  private downloadInProgress = false;
  /** useRef: the 1 s timers; only unmount clears them (row 5). */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly controller = new AbortController();
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private renderScheduled = false;
  private mounted = true;
  private lastSaved: BaselineState | null = null;
  private lastDeps: readonly unknown[] | null = null;
  private readonly pollIntervalMs: number;
  private readonly downloadDelayMs: number;

  /** What happened, for the figures. */
  readonly stats = { renders: 0, effectRuns: 0, downloadCalls: 0, statusCalls: 0 };

  constructor(private readonly options: BaselineOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.downloadDelayMs = options.downloadDelayMs ?? 1_000;
    this.downloadedJobIds = new Set(this.loadDownloaded());
  }

  // ---- inputs: the same events our library is driven by ----

  /** A job was started (the start response): track it. */
  track(job: JobSnapshot): void {
    this.setState({ currentJob: job, completedJobId: null, downloadStatus: 'idle', error: null });
  }

  /** Starts an export through the transport, then tracks and polls it. */
  async start(scope: string): Promise<JobSnapshot> {
    const job = await this.options.transport.start({ scope }, this.controller.signal);
    this.track(job);
    this.startPolling();
    return job;
  }

  /** What a push event or a poll said about the current job (a new object each time, as parsed JSON is). */
  receive(snapshot: JobSnapshot): void {
    const current = this.state.currentJob;
    if (!current || current.id !== snapshot.id) return;
    this.setState({
      currentJob: snapshot,
      completedJobId: snapshot.status === 'completed' ? snapshot.id : this.state.completedJobId,
    });
  }

  /** A re-render from above (a parent, the context): effects run only if their deps changed. */
  rerender(): void {
    if (this.mounted) this.render();
  }

  /** After a reload: the saved export state comes back and polling resumes. */
  restore(): void {
    const text = this.options.storage.getItem(stateKey(this.options.projectId));
    if (!text) return;
    const saved = JSON.parse(text) as BaselineState;
    this.setState(saved);
    if (saved.currentJob && (saved.currentJob.status === 'pending' || saved.currentJob.status === 'running')) this.startPolling();
  }

  /** Polls `getStatus` every 2 s while the job is not completed or failed (row 8: cancelled/404 are not terminal). */
  startPolling(): void {
    if (this.pollTimer !== null) return;
    const tick = async (): Promise<void> => {
      this.pollTimer = null;
      const job = this.state.currentJob;
      if (!this.mounted || !job) return;
      try {
        this.stats.statusCalls += 1;
        const snapshot = await this.options.transport.getStatus(job.id, this.controller.signal);
        this.receive(snapshot);
        if (snapshot.status === 'completed' || snapshot.status === 'failed') return;
      } catch {
        /* keep polling */
      }
      if (this.mounted) this.pollTimer = setTimeout(() => void tick(), this.pollIntervalMs);
    };
    this.pollTimer = setTimeout(() => void tick(), this.pollIntervalMs);
  }

  unmount(): void {
    this.mounted = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.controller.abort();
  }

  getState(): BaselineState {
    return this.state;
  }

  // ---- the "React" part ----

  private setState(patch: Partial<BaselineState>): void {
    this.state = { ...this.state, ...patch };
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    queueMicrotask(() => {
      this.renderScheduled = false;
      if (this.mounted) this.render();
    });
  }

  private render(): void {
    this.stats.renders += 1;
    // useEffect(() => exportStateManager.save(projectId, state), [state])
    if (this.state !== this.lastSaved) {
      this.lastSaved = this.state;
      this.saveState();
    }
    // useEffect(autoDownload, [completedJobId, currentJob, downloadStatus])
    const deps = [this.state.completedJobId, this.state.currentJob, this.state.downloadStatus] as const;
    if (this.lastDeps === null || deps.some((dep, i) => dep !== this.lastDeps?.[i])) {
      this.lastDeps = deps;
      this.autoDownloadEffect();
    }
  }

  // ---- the auto-download effect, as in the note before its fix ----

  private autoDownloadEffect(): void {
    this.stats.effectRuns += 1;
    const { completedJobId, currentJob, downloadStatus } = this.state;
    if (
      completedJobId &&
      currentJob?.status !== 'cancelled' &&
      downloadStatus !== 'downloading' &&
      !this.downloadedJobIds.has(completedJobId)
    ) {
      const jobId = completedJobId;
      const job = currentJob;
      const autoDownload = async (): Promise<void> => {
        if (this.downloadInProgress || !job) return;
        // Mark as downloading immediately to prevent concurrent downloads
        this.downloadInProgress = true;
        this.markDownloaded(jobId); // row 1: TOO LATE, inside the async callback
        this.setState({ downloadStatus: 'downloading', error: null });
        try {
          this.stats.downloadCalls += 1;
          this.options.onDownloadCall?.(jobId);
          await this.options.transport.download(toExportJob(job), { signal: this.controller.signal });
          // localStorage cleanup after a successful download (row 7)
          this.setState({ downloadStatus: 'idle' });
        } catch (error) {
          this.unmarkDownloaded(jobId); // row 2: un-claim "to allow retry"
          this.setState({ downloadStatus: 'failed', error: error instanceof Error ? error.message : String(error) });
        } finally {
          this.downloadInProgress = false;
        }
      };
      // row 5: let the UI show "Completed" for a second, then download
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void autoDownload();
      }, this.downloadDelayMs);
      this.timers.add(timer);
    }
  }

  // ---- exportStateManager: localStorage on every change ----

  private saveState(): void {
    const { storage, projectId } = this.options;
    const job = this.state.currentJob;
    const active = job !== null && (job.status === 'pending' || job.status === 'running');
    // row 7: cleared as soon as the job is neither running nor downloading
    if (active || this.state.downloadStatus === 'downloading') storage.setItem(stateKey(projectId), JSON.stringify(this.state));
    else storage.removeItem(stateKey(projectId));
  }

  private loadDownloaded(): string[] {
    const text = this.options.storage.getItem(downloadedKey(this.options.projectId));
    try {
      const ids: unknown = text ? JSON.parse(text) : [];
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  private markDownloaded(id: string): void {
    this.downloadedJobIds.add(id);
    this.options.storage.setItem(downloadedKey(this.options.projectId), JSON.stringify([...this.downloadedJobIds]));
  }

  private unmarkDownloaded(id: string): void {
    this.downloadedJobIds.delete(id);
    this.options.storage.setItem(downloadedKey(this.options.projectId), JSON.stringify([...this.downloadedJobIds]));
  }
}

/** The transport's `download` takes a client job; the hook only has the server's snapshot. */
function toExportJob(job: JobSnapshot): ExportJob {
  return {
    ...job,
    warnings: job.warnings ?? [],
    autoDownload: true,
    createdAt: job.createdAt ?? 0,
    updatedAt: job.updatedAt ?? 0,
  };
}
