/**
 * What a stored exports slice may hold. Anything else (unknown keys, tokens,
 * URLs, wrong types, texts longer than we ever write) is refused: these
 * readers throw a `ShapeError`, and the caller drops the entry.
 */
import { readErrorInfo, readJobFields } from '../shapes/jobShape';
import { copyOptional, own, readChoice, readNumber, readObject, readText, ShapeError } from '../shapes/jsonShape';
import type { DownloadRecord, DownloadStatus, ExportJob } from '../model/types';

const DOWNLOAD_STATUSES: readonly DownloadStatus[] = ['claimed', 'downloading', 'done', 'failed', 'interrupted'];

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw new ShapeError(path);
  return value;
}

/** A stored job (also what another tab announces). */
export function readPersistedJob(value: unknown): ExportJob {
  const raw = readObject(value);
  const { warnings, createdAt, updatedAt, ...fields } = readJobFields(raw, '', 'refuse');
  const autoDownload = own(raw, 'autoDownload');
  if (typeof autoDownload !== 'boolean') throw new ShapeError('autoDownload');
  return {
    ...fields,
    warnings: required(warnings, 'warnings'),
    autoDownload,
    createdAt: required(createdAt, 'createdAt'),
    updatedAt: required(updatedAt, 'updatedAt'),
  };
}

/** A stored download record. */
export function readPersistedRecord(value: unknown): DownloadRecord {
  const raw = readObject(value);
  const record: DownloadRecord = {
    status: readChoice(own(raw, 'status'), 'status', DOWNLOAD_STATUSES),
    claimId: readText(own(raw, 'claimId'), 'claimId', 200),
    trigger: readChoice(own(raw, 'trigger'), 'trigger', ['auto', 'manual'] as const),
    claimedAt: readNumber(own(raw, 'claimedAt'), 'claimedAt'),
    attempts: readNumber(own(raw, 'attempts'), 'attempts', 0),
  };
  if (!Number.isInteger(record.attempts)) throw new ShapeError('attempts');
  copyOptional(record, raw, 'settledAt', '', readNumber);
  copyOptional(record, raw, 'retryAt', '', readNumber);
  copyOptional(record, raw, 'error', '', (item, where) => readErrorInfo(item, where, 'refuse'));
  return record;
}
