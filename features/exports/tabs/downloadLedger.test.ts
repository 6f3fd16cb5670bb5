/**
 * The download ledger (`downloadLedger.ts`, docs/design.md#tabs) on its
 * own: its key and format, which other tabs (and other versions of the
 * app) read; stale entries dropped; what a claim finds there. The tests of
 * two stores racing for a download are in `tabCoordination.test.ts`.
 */
import { createMemoryLocks } from '../testSupport/memoryLocks';
import { createTabCoordinator } from './createTabCoordinator';
import { createDownloadLedger } from './downloadLedger';
import type { DownloadOwner, OwnerOutcome } from './types';

const HOUR = 60 * 60_000;

/** A ledger over fresh locks and a fresh storage, on a clock the test moves. */
function ledgerOf(stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const clock = { now: 1_000 };
  const ledger = createDownloadLedger({
    locks: createMemoryLocks(),
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    key: 'k:downloads',
    ttlMs: HOUR,
    now: () => clock.now,
  });
  const claim = (jobId: string, claimId: string, download: (owner?: DownloadOwner) => Promise<OwnerOutcome> = jest.fn(async () => 'done' as const), resume = false) =>
    ledger.exclusive(jobId, claimId, { resume, signal: new AbortController().signal }, download);
  const entries = () => JSON.parse(storage.get('k:downloads') ?? '{}') as Record<string, unknown>;
  return { clock, claim, entries };
}

test('the ledger is one JSON object under "redux-export-jobs:downloads", a { claimId, status, at } entry per job', async () => {
  const storage = new Map<string, string>();
  const tabs = createTabCoordinator({
    locks: createMemoryLocks(),
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    now: () => 5,
  });
  await tabs.exclusive('j1', 'c1', { resume: false, signal: new AbortController().signal }, async () => 'failed');
  expect([...storage.keys()]).toEqual(['redux-export-jobs:downloads']);
  expect(JSON.parse(storage.get('redux-export-jobs:downloads')!)).toEqual({ j1: { claimId: 'c1', status: 'failed', at: 5 } });
});

test('a claim finding another tab\'s entry in that format mirrors its outcome and does not download', async () => {
  const stored = { 'k:downloads': JSON.stringify({ j1: { claimId: 'other', status: 'done', at: 900 } }) };
  const { claim } = ledgerOf(stored);
  const download = jest.fn(async () => 'done' as const);
  await expect(claim('j1', 'mine', download)).resolves.toEqual({ ran: false, status: 'done' });
  expect(download).not.toHaveBeenCalled();
});

test('entries older than ttlMs are dropped on the next write; younger ones stay', async () => {
  const { clock, claim, entries } = ledgerOf();
  await claim('old', 'c1');
  clock.now += HOUR / 2;
  await claim('young', 'c2');
  clock.now += HOUR / 2;
  await claim('new', 'c3');
  expect(Object.keys(entries()).sort()).toEqual(['new', 'young']);
});

test('a download that throws is recorded as stopped, and the next claim is told it was interrupted', async () => {
  const { claim, entries } = ledgerOf();
  const broken = jest.fn(async (): Promise<'done'> => {
    throw new Error('tab crashed');
  });
  await expect(claim('j1', 'c1', broken)).rejects.toThrow('tab crashed');
  expect(entries()).toEqual({ j1: { claimId: 'c1', status: 'stopped', at: 1_000 } });
  await expect(claim('j1', 'c2')).resolves.toEqual({ ran: false, status: 'interrupted' });
});

test('an owner that died mid-download: the next claim is told interrupted, unless it resumes', async () => {
  const stored = { 'k:downloads': JSON.stringify({ j1: { claimId: 'dead', status: 'downloading', at: 900 } }) };
  const { claim, entries } = ledgerOf(stored);
  await expect(claim('j1', 'c1')).resolves.toEqual({ ran: false, status: 'interrupted' });
  const download = jest.fn(async () => 'done' as const);
  await expect(claim('j1', 'c2', download, true)).resolves.toEqual({ ran: true });
  expect(download).toHaveBeenCalledTimes(1);
  expect(entries()).toEqual({ j1: { claimId: 'c2', status: 'done', at: 1_000 } });
});

test('an unreadable ledger counts as empty: the claim owns the download and rewrites it', async () => {
  for (const garbage of ['not json', '[1,2]', 'null']) {
    const { claim, entries } = ledgerOf({ 'k:downloads': garbage });
    await expect(claim('j1', 'c1')).resolves.toEqual({ ran: true });
    expect(entries()).toEqual({ j1: { claimId: 'c1', status: 'done', at: 1_000 } });
  }
});

// Found in Chromium (src/demo/delivery.browser.test.ts, two tabs reloading alternately): a tab that
// found the owner dead said "interrupted", and with storage shared by both tabs, so did the owner's reload.
describe('a claim that finds the owner died mid-way takes the download over, with what the owner wrote', () => {
  const dead = (entry: Record<string, unknown>) => ({ 'k:downloads': JSON.stringify({ j1: { claimId: 'dead', status: 'downloading', at: 900, ...entry } }) });

  test('handed over with a delivery: the new owner is told so (it asks the server), and carries it on in the ledger', async () => {
    const { claim, entries } = ledgerOf(dead({ phase: 'handedOver', deliveryId: 'd1' }));
    let during: unknown;
    const download = jest.fn(async (owner?: DownloadOwner) => {
      during = entries().j1;
      expect(owner?.adopted).toEqual({ handedOver: true, deliveryId: 'd1' });
      return 'done' as const;
    });
    await expect(claim('j1', 'c2', download)).resolves.toEqual({ ran: true });
    expect(download).toHaveBeenCalledTimes(1);
    expect(during).toMatchObject({ claimId: 'c2', status: 'downloading', phase: 'handedOver', deliveryId: 'd1' });
    expect(entries().j1).toMatchObject({ claimId: 'c2', status: 'done' });
  });

  test('not handed over yet: the new owner is told nothing reached the user; its own handover is written at once', async () => {
    const { claim, entries } = ledgerOf(dead({ phase: 'preparing' }));
    let afterHandover: unknown;
    const download = jest.fn(async (owner?: DownloadOwner) => {
      expect(owner?.adopted).toEqual({ handedOver: false });
      owner?.handedOver('d2');
      afterHandover = entries().j1;
      return 'done' as const;
    });
    await claim('j1', 'c2', download);
    expect(afterHandover).toMatchObject({ claimId: 'c2', status: 'downloading', phase: 'handedOver', deliveryId: 'd2' });
  });

  test('an entry from before handovers were written: "interrupted", not taken over (unless the claim resumes its own)', async () => {
    const { claim } = ledgerOf(dead({}));
    const download = jest.fn(async () => 'done' as const);
    await expect(claim('j1', 'c2', download)).resolves.toEqual({ ran: false, status: 'interrupted' });
    expect(download).not.toHaveBeenCalled();
  });
});
