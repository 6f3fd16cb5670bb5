/**
 * Turns whatever came out of storage into a valid `ExportsState`: each job
 * and record is checked on its own, bad ones are dropped (and counted),
 * records without their job go, and dangerous keys (`__proto__`...) are
 * never copied. Never throws.
 */
import * as v from 'valibot';
import { jobsAdapter } from '../exportsSlice';
import type { DownloadRecord, ExportJob, ExportsState } from '../types';
import { PersistedJobSchema, PersistedRecordSchema } from './persistedSchemas';

export interface SanitizeResult {
  state: ExportsState;
  /** Entries that were not valid and were dropped. */
  dropped: number;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const own = (value: unknown, key: string): unknown =>
  isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;

function ownEntries(value: unknown): Array<[string, unknown]> {
  if (!isObject(value)) return [];
  return Object.keys(value).map((key) => [key, value[key]]);
}

export function sanitizeExportsState(raw: unknown): SanitizeResult {
  let dropped = 0;
  const jobs: ExportJob[] = [];
  const entities = own(own(raw, 'jobs'), 'entities');
  for (const [key, value] of ownEntries(entities)) {
    const parsed = FORBIDDEN.has(key) ? undefined : v.safeParse(PersistedJobSchema, value);
    if (parsed?.success && parsed.output.id === key) jobs.push(parsed.output as ExportJob);
    else dropped += 1;
  }
  const ids = new Set(jobs.map((job) => job.id));
  const records: Record<string, DownloadRecord> = {};
  for (const [key, value] of ownEntries(own(raw, 'downloadedJobIds'))) {
    const parsed = FORBIDDEN.has(key) ? undefined : v.safeParse(PersistedRecordSchema, value);
    if (parsed?.success && ids.has(key)) records[key] = parsed.output as DownloadRecord;
    else dropped += 1;
  }
  return { state: { jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), jobs), downloadedJobIds: records }, dropped };
}
