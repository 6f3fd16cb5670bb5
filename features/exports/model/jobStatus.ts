/** Job statuses: which ones are terminal, and progress kept to 0..100. */
import type { JobStatus, TerminalJobStatus } from './types';

/** The statuses a job never leaves on a late event (invariant 4): the one list of them. */
export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(['completed', 'failed', 'cancelled', 'expired']);

/** True for statuses a job never leaves on a late event (invariant 4, docs/design.md#invariants). */
export function isTerminalStatus(status: JobStatus): status is TerminalJobStatus {
  return TERMINAL_STATUSES.has(status);
}

/** Clamps a reported progress to 0..100; NaN and garbage count as 0. */
export function clampProgress(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return Math.min(100, Math.max(0, n));
}
