import { InvalidResponseError } from '../errors/InvalidResponseError';
import { parseJobSnapshot } from './parseJobSnapshot';
import { readPersistedJob, readPersistedRecord } from '../persistence/readPersisted';
import { attempt } from './jsonShape';

const stored = {
  id: 'j1',
  scope: null,
  status: 'completed',
  progress: 100,
  warnings: [],
  autoDownload: true,
  createdAt: 1,
  updatedAt: 2,
};

test('a server answer: unknown fields dropped, null read as absent, long texts cut, progress clamped', () => {
  const job = parseJobSnapshot({
    id: 'j1',
    scope: null,
    status: 'running',
    progress: 140,
    stage: null,
    label: 'x'.repeat(600),
    warnings: Array.from({ length: 60 }, (_, i) => `w${i}`),
    downloadUrl: 'https://files.test/secret?token=abc',
  });
  expect(job).toEqual({
    id: 'j1',
    scope: null,
    status: 'running',
    progress: 100,
    label: 'x'.repeat(500),
    warnings: Array.from({ length: 50 }, (_, i) => `w${i}`),
  });
});

test('a bad server answer names the field that is wrong', () => {
  expect(() => parseJobSnapshot({ ...stored, warnings: ['ok', 7] })).toThrow(/\(warnings\.1\)/);
  expect(() => parseJobSnapshot({ ...stored, error: { code: 3, message: 'no' } })).toThrow(/\(error\.code\)/);
  expect(() => parseJobSnapshot({ ...stored, size: -1 })).toThrow(/\(size\)/);
  expect(() => parseJobSnapshot([])).toThrow(InvalidResponseError);
  expect(() => parseJobSnapshot(stored, 'j2')).toThrow(/about job j1, not j2/);
});

test('an id is never cut: an empty or 201-character id is refused', () => {
  expect(() => parseJobSnapshot({ ...stored, id: 'i'.repeat(201) })).toThrow(/\(id\)/);
  expect(() => parseJobSnapshot({ ...stored, id: '' })).toThrow(/\(id\)/);
});

test('a stored job longer than we ever write is refused, not cut; a valid one reads back equal', () => {
  expect(readPersistedJob(stored)).toEqual(stored);
  expect(attempt(readPersistedJob, { ...stored, label: 'x'.repeat(501) })).toBeUndefined();
  expect(attempt(readPersistedJob, { ...stored, progress: 101 })).toBeUndefined();
  expect(attempt(readPersistedJob, { ...stored, warnings: Array.from({ length: 51 }, () => 'w') })).toBeUndefined();
  expect(attempt(readPersistedJob, { ...stored, autoDownload: 'yes' })).toBeUndefined();
  const { createdAt: _missing, ...withoutCreatedAt } = stored;
  expect(attempt(readPersistedJob, withoutCreatedAt)).toBeUndefined();
});

test('inherited fields are never read: a job whose fields sit on its prototype is refused', () => {
  expect(attempt(readPersistedJob, Object.create(stored))).toBeUndefined();
  expect(() => parseJobSnapshot(Object.create({ id: 'j1', status: 'running', progress: 1 }))).toThrow(InvalidResponseError);
});

test('a stored download record: attempts are a whole number, statuses and triggers from their lists', () => {
  const record = { status: 'done', claimId: 'c1', trigger: 'auto', claimedAt: 5, attempts: 1, settledAt: 6, token: 'secret' };
  expect(readPersistedRecord(record)).toEqual({ status: 'done', claimId: 'c1', trigger: 'auto', claimedAt: 5, attempts: 1, settledAt: 6 });
  expect(attempt(readPersistedRecord, { ...record, attempts: 1.5 })).toBeUndefined();
  expect(attempt(readPersistedRecord, { ...record, status: 'paused' })).toBeUndefined();
  expect(attempt(readPersistedRecord, { ...record, trigger: 'cron' })).toBeUndefined();
});
