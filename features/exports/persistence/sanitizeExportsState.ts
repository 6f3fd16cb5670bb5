/**
 * Turns whatever came out of storage into a valid `ExportsState`: each job
 * and record is checked on its own, bad ones are dropped (and counted),
 * records without their job go, and dangerous keys (`__proto__`...) are
 * never copied. Never throws.
 */
import { jobsAdapter } from '../model/exportsSlice';
import { attempt, own, readObject } from '../shapes/jsonShape';
import type { DownloadRecord, ExportJob, ExportsState } from '../model/types';
import { readPersistedJob, readPersistedRecord } from './readPersisted';

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

export function sanitizeExportsState(raw: unknown): SanitizeResult {
  let dropped = 0;
  const jobs: ExportJob[] = [];
  const entities = field(field(raw, 'jobs'), 'entities');
  for (const [key, value] of ownEntries(entities)) {
    const job = FORBIDDEN.has(key) ? undefined : attempt(readPersistedJob, value);
    if (job?.id === key) jobs.push(job);
    else dropped += 1;
  }
  const ids = new Set(jobs.map((job) => job.id));
  const records: Record<string, DownloadRecord> = {};
  for (const [key, value] of ownEntries(field(raw, 'downloadedJobIds'))) {
    const record = FORBIDDEN.has(key) ? undefined : attempt(readPersistedRecord, value);
    if (record && ids.has(key)) records[key] = record;
    else dropped += 1;
  }
  return { state: { jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), jobs), downloadedJobIds: records }, dropped };
}
