import type { TabCoordinator } from '../tabs/types';
import type { ExportTransport } from '../model/types';
import type { RetryPolicy } from '../timing/retryPolicy';

/** What the listeners report to `onError`: where it happened, and for which job. */
export interface ExportsErrorContext {
  phase: 'start' | 'monitor' | 'cancel' | 'download' | 'persist' | 'callback' | 'history';
  jobId?: string;
}

/**
 * Options of `registerExportsListeners` (and of `createExportsStore`).
 *
 * @example
 * registerExportsListeners(startAppListening, {
 *   transport: createHttpTransport({ baseUrl: '/api' }),
 *   maxAttempts: 3,
 *   onError: (error, ctx) => console.warn(ctx.phase, error),
 * })
 */
export interface ExportsListenerOptions {
  /** How the feature talks to the server. */
  transport: ExportTransport;
  /** Transport calls one download claim may make, first try included. @default 3 */
  maxAttempts?: number | undefined;
  /** First retry delay before jitter. @default 1000 */
  retryBaseDelayMs?: number | undefined;
  /** Cap of the retry delay. @default 30000 */
  retryMaxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for: the download fails instead. @default 60000 */
  maxRetryAfterMs?: number | undefined;
  /** Polling interval when the transport has no `subscribe`. @default 2000 */
  pollIntervalMs?: number | undefined;
  /** Cap of the polling backoff after errors. @default 30000 */
  pollMaxIntervalMs?: number | undefined;
  /**
   * Delivery receipts (a transport with `getDelivery`): a handed-over link
   * that the browser has not fetched after this long is given up and the
   * download tried again with a fresh link, inside the same claim and its
   * attempt budget (nothing reached the user). @default 10000
   */
  deliveryDeadlineMs?: number | undefined;
  /**
   * Delivery receipts: how long a fetched link may take to finish (a big
   * file) before the client stops asking; the record then says "Sent to
   * your browser" instead of "Downloaded". @default 1800000 (30 min)
   */
  deliveryMaxWaitMs?: number | undefined;
  /** Delivery receipts: the wait between two questions to the server. @default 500 */
  deliveryPollIntervalMs?: number | undefined;
  /**
   * Delivery receipts: how long an `aborted` receipt must stay so before the
   * link is given up for a fresh one. A browser resumes a cut transfer by
   * itself (a `Range` request on the same link); a fresh link handed over
   * meanwhile would give the user two files. @default 3000
   */
  deliveryResumeGraceMs?: number | undefined;
  /** Finished jobs older than this are pruned with their records. @default 86400000 (24 h) */
  ttlMs?: number | undefined;
  /** At most this many jobs are kept; the oldest finished ones go first. @default 200 */
  maxJobs?: number | undefined;
  /**
   * A download cut short by a reload is shown with "Download again" (`'ask'`)
   * or retried within the attempts it has left (`'auto'`). @default 'ask'
   */
  resumeInterrupted?: 'ask' | 'auto' | undefined;
  /**
   * Writes the state to storage now. Awaited after a claim and before the
   * transport is called (the claim is on disk before the side effect), and
   * called when a job is added and when a download settles, so that these
   * moments survive a reload. Resolve `false` when the write did not reach
   * durable storage: an automatic download is then not started (a reload
   * could bring the job back without its claim); the user is offered
   * "Download again" instead. `createExportsStore` flushes redux-persist.
   */
  persistNow?: (() => Promise<boolean | void>) | undefined;
  /**
   * Coordinates automatic downloads across the tabs of the app, so a job is
   * downloaded once in all of them. `createExportsStore` uses Web Locks and
   * localStorage where the browser has them.
   */
  tabs?: TabCoordinator | undefined;
  /**
   * Scopes whose export history (`ExportTransport.list`) is asked for once
   * the state is ready; `historyRequested({ scope })` asks again later.
   * Listed jobs this browser did not start are never downloaded
   * automatically (docs/design.md#export-history). Default: none.
   */
  historyScopes?: ReadonlyArray<string | null> | undefined;
  /** Told about every error the feature handles (it never throws them into the app). */
  onError?: ((error: unknown, context: ExportsErrorContext) => void) | undefined;
  /** The clock. @default Date.now */
  now?: (() => number) | undefined;
  /** Source of jitter, 0..1. @default Math.random */
  random?: (() => number) | undefined;
  /** Makes claim ids. @default nanoid */
  createClaimId?: (() => string) | undefined;
}

/** The options with every default filled in (`undefined` counts as left out). */
type Defined<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
/** Options without a default (hooks, and the optional `historyScopes`). */
type Hooks = 'persistNow' | 'onError' | 'tabs' | 'historyScopes';
export type ResolvedExportsOptions = Defined<Omit<ExportsListenerOptions, Hooks>> & Partial<Defined<Pick<ExportsListenerOptions, Hooks>>>;

export const DEFAULTS = {
  maxAttempts: 3,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  pollIntervalMs: 2_000,
  pollMaxIntervalMs: 30_000,
  deliveryDeadlineMs: 10_000,
  deliveryMaxWaitMs: 30 * 60 * 1_000,
  deliveryPollIntervalMs: 500,
  deliveryResumeGraceMs: 3_000,
  ttlMs: 24 * 60 * 60 * 1_000,
  maxJobs: 200,
  resumeInterrupted: 'ask',
} as const;

/** The options that count something (positive integers); the other numbers measure time (>= 0). */
const isCount = (name: string): boolean => name === 'maxAttempts' || name === 'maxJobs';

const invalid = (message: string): never => {
  throw new TypeError(`redux-export-jobs: ${message}`);
};

/** Fills in defaults and rejects bad options with a clear message. */
export function resolveOptions(options: ExportsListenerOptions, createId: () => string): ResolvedExportsOptions {
  const resolved: Record<string, unknown> = { ...DEFAULTS, now: Date.now, random: Math.random, createClaimId: createId };
  for (const [name, value] of Object.entries(options)) if (value !== undefined) resolved[name] = value;
  const { transport } = options;
  for (const method of ['start', 'getStatus', 'cancel', 'download'] as const) {
    if (typeof transport?.[method] !== 'function') {
      invalid(
        transport
          ? `the transport has no "${method}" method`
          : 'the "transport" option is required (createHttpTransport from redux-export-jobs/http, createMemoryTransport from redux-export-jobs/testing, or your own)',
      );
    }
  }
  for (const name of Object.keys(DEFAULTS)) {
    const value = resolved[name];
    if (name === 'resumeInterrupted') {
      if (value !== 'ask' && value !== 'auto') invalid(`option "resumeInterrupted" must be 'ask' or 'auto', got ${String(value)}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < (isCount(name) ? 1 : 0) || (isCount(name) && !Number.isInteger(value))) {
      invalid(`option "${name}" must be a ${isCount(name) ? 'positive integer' : 'non-negative number'}, got ${String(value)}`);
    }
  }
  return resolved as ResolvedExportsOptions;
}

/** The retry policy the options describe (downloads and starts retry by it). */
export const retryPolicyOf = (options: ResolvedExportsOptions): RetryPolicy => ({
  maxAttempts: options.maxAttempts,
  baseDelayMs: options.retryBaseDelayMs,
  maxDelayMs: options.retryMaxDelayMs,
  maxRetryAfterMs: options.maxRetryAfterMs,
  random: options.random,
});
