/**
 * Turns whatever came out of storage into a valid `ExportsState`: each job
 * and record is checked on its own, bad ones are counted, records without
 * their job go, and dangerous keys (`__proto__`...) are never copied.
 * Never throws.
 *
 * It fails closed: a job whose stored record cannot be read keeps a record
 * that says so (`record_unreadable`, "Download again"), never none, since a
 * job without a record would be downloaded automatically again
 * (docs/failure-modes.md row 16). A part of the wrong type (`jobs` a
 * number, `downloadedJobIds` an array) counts as bad too, so it is warned
 * about like any other.
 */
import { jobsAdapter } from '../model/exportsSlice';
import { TEXT_LIMITS } from '../model/fieldLimits';
import { attempt, own, readObject } from '../shapes/jsonShape';
import type { DownloadRecord, ExportJob, ExportsState, PendingStart } from '../model/types';
import { readPersistedJob, readPersistedRecord, readPersistedStart } from './readPersisted';

export interface SanitizeResult {
  state: ExportsState;
  /** Entries that were not valid and were dropped. */
  dropped: number;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** An own property of `value` when it is an object. */
const field = (value: unknown, key: string): unknown => {
  const object = attempt(readObject, value);
  return object && own(object, key);
};

function ownEntries(value: unknown): Array<[string, unknown]> {
  const object = attempt(readObject, value);
  return object ? Object.keys(object).map((key) => [key, object[key]]) : [];
}

/** 1 when a part that should be an object is there but is not one (a number, an array...). */
const misshapen = (value: unknown): number => (value !== undefined && value !== null && attempt(readObject, value) === undefined ? 1 : 0);

/** The record kept for a job whose stored record could not be read: settled, never automatic again. */
export function unreadableRecord(job: ExportJob): DownloadRecord {
  return {
    status: 'failed',
    claimId: `unreadable-${job.id}`.slice(0, 200),
    trigger: 'auto',
    claimedAt: job.updatedAt,
    attempts: 0,
    settledAt: job.updatedAt,
    error: { code: 'record_unreadable', message: 'The saved state of this download could not be read, so it was not repeated; download it by hand' },
  };
}

export function sanitizeExportsState(raw: unknown): SanitizeResult {
  let dropped = misshapen(raw) + misshapen(field(raw, 'jobs')) + misshapen(field(raw, 'downloadedJobIds'));
  const jobs: ExportJob[] = [];
  const entities = field(field(raw, 'jobs'), 'entities');
  dropped += misshapen(entities);
  for (const [key, value] of ownEntries(entities)) {
    const job = FORBIDDEN.has(key) ? undefined : attempt(readPersistedJob, value);
    if (job?.id === key) jobs.push(job);
    else dropped += 1;
  }
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const records: Record<string, DownloadRecord> = {};
  for (const [key, value] of ownEntries(field(raw, 'downloadedJobIds'))) {
    const job = FORBIDDEN.has(key) ? undefined : byId.get(key);
    const record = job && attempt(readPersistedRecord, value);
    if (!record) dropped += 1;
    if (job) records[key] = record ?? unreadableRecord(job);
  }
  const pendingStarts: Record<string, PendingStart> = {};
  dropped += misshapen(field(raw, 'pendingStarts'));
  for (const [key, value] of ownEntries(field(raw, 'pendingStarts'))) {
    const start = FORBIDDEN.has(key) ? undefined : attempt(readPersistedStart, value);
    if (start?.key === key) pendingStarts[key] = start;
    else dropped += 1;
  }
  const state: ExportsState = { jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), jobs), downloadedJobIds: records, pendingStarts };
  const stored = field(raw, 'dismissedJobIds');
  dropped += misshapen(stored);
  const tombstones: Record<string, number> = {};
  for (const [key, value] of ownEntries(stored)) {
    if (!FORBIDDEN.has(key) && key.length <= TEXT_LIMITS.id && typeof value === 'number' && Number.isFinite(value)) tombstones[key] = value;
    else dropped += 1;
  }
  if (stored !== undefined) state.dismissedJobIds = tombstones;
  return { state, dropped };
}
