/**
 * What a stored exports slice may hold. Anything else (unknown keys, tokens,
 * URLs, wrong types, texts longer than we ever write) is refused: these
 * readers throw a `ShapeError`, and the caller drops the entry.
 */
import { readErrorInfo, readJobFields } from '../shapes/jobShape';
import { copyOptional, own, readChoice, readNumber, readObject, readText, ShapeError } from '../shapes/jsonShape';
import { TEXT_LIMITS } from '../model/fieldLimits';
import type { DownloadRecord, DownloadStatus, ExportJob, PendingStart } from '../model/types';

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
  const job: ExportJob = {
    ...fields,
    warnings: required(warnings, 'warnings'),
    autoDownload,
    createdAt: required(createdAt, 'createdAt'),
    updatedAt: required(updatedAt, 'updatedAt'),
  };
  copyOptional(job, raw, 'origin', '', (item, where) => readChoice(item, where, ['server'] as const));
  return job;
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
  copyOptional(record, raw, 'handover', '', (item, where) => readChoice(item, where, ['preparing', 'handedOver'] as const));
  copyOptional(record, raw, 'deliveryId', '', (item, where) => readText(item, where, TEXT_LIMITS.id));
  copyOptional(record, raw, 'confirmed', '', (item, where) => {
    if (typeof item !== 'boolean') throw new ShapeError(where);
    return item;
  });
  return record;
}

/** A stored start that had not been answered (its `params` are the app's own JSON, kept as they were). */
export function readPersistedStart(value: unknown): PendingStart {
  const raw = readObject(value);
  const request = readObject(own(raw, 'request'), 'request');
  const scope = own(request, 'scope');
  const autoDownload = own(raw, 'autoDownload');
  if (typeof autoDownload !== 'boolean') throw new ShapeError('autoDownload');
  const start: PendingStart = {
    key: readText(own(raw, 'key'), 'key', TEXT_LIMITS.id),
    request: { scope: scope == null ? null : readText(scope, 'request.scope', TEXT_LIMITS.scope) },
    autoDownload,
    sentAt: readNumber(own(raw, 'sentAt'), 'sentAt'),
  };
  if (own(request, 'params') !== undefined) start.request.params = own(request, 'params');
  copyOptional(start.request, request, 'fileName', 'request', (item, where) => readText(item, where, TEXT_LIMITS.fileName));
  copyOptional(start, raw, 'label', '', (item, where) => readText(item, where, TEXT_LIMITS.label));
  return start;
}
