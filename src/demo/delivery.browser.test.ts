/**
 * Delivery in real Chromium (docs/design.md#delivery, docs/failure-modes.md
 * rows 14, 15 and 17): the demo in link mode against the reference server,
 * with a small fault proxy in front of the file endpoint (fileFaults.ts).
 * What is counted is what a user notices: completed browser downloads
 * (`download.failure()` is null) and the row's words, every one of them,
 * across reloads (rowWords.ts). "Downloaded" must never come before the
 * last byte of a file the browser completed.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { attr, completedFiles, launchChromium, openDemo, reload, rowOf, sleep, startExportViaDialog, statusText, until } from './browserPage';
import type { Demo } from './browserPage';
import { startBrowserServer } from './browserServer';
import { acquireBrowserSuite, releaseBrowserSuite } from './browserSuiteLock';
import type { BrowserServer, Intercept } from './browserServer';
import { createFileFaults } from './fileFaults';
import type { FileFaults } from './fileFaults';
import { firstSaid, recordRowWords } from './rowWords';
import type { RowWord } from './rowWords';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
/** Each of the 4 server stages lasts at least this long: an export takes ~1 s. */
const STAGE_DELAY_MS = 200;
const SETTLED = ['done', 'failed', 'interrupted'];
/** Runs of the two-tab scenario (TAB_RUNS raises it). */
const TAB_RUNS = Number(process.env.TAB_RUNS ?? 20);

let bs: BrowserServer;
let browser: Browser;
let faults: FileFaults;
const contexts: BrowserContext[] = [];
const measured: Record<string, unknown> = {};

beforeAll(async () => {
  await acquireBrowserSuite(420_000); // one browser suite at a time (browserSuiteLock.ts)
  execFileSync(process.execPath, [resolve(__dirname, 'build.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
  bs = await startBrowserServer(resolve(ROOT, 'dist/demo'), { stageDelayMs: STAGE_DELAY_MS });
  browser = await launchChromium();
}, 600_000);

beforeEach(() => {
  faults = createFileFaults();
  bs.intercept = faults.intercept;
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  releaseBrowserSuite();
  await bs?.server.close().catch(() => undefined);
  console.log(`delivery suite measurements: ${JSON.stringify(measured)}`);
});

/** A fresh "user": its own context, its row words recorded from the first page on. */
async function openUser(): Promise<Demo & { context: BrowserContext; words: RowWord[] }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 760 } });
  contexts.push(context);
  const words = await recordRowWords(context);
  const demo = await openDemo(bs.baseUrl, context);
  return { ...demo, context, words };
}

async function settledRecord(demo: Demo, jobId: string, timeout = 45_000): Promise<string> {
  const row = rowOf(demo.page, jobId);
  await until(async () => SETTLED.includes((await attr(row, 'data-download-status')) ?? ''), 'a settled record', timeout);
  return statusText(row);
}

/**
 * Holds `POST /api/exports` until `open()`: either before the server sees it
 * (`'request'`), or after the server made the job, holding only its answer
 * (`'answer'`: the page never learns the job it started).
 */
function holdStarts(what: 'request' | 'answer'): { intercept: Intercept; open(): void } {
  let opened = false;
  const waiting: Array<() => void> = [];
  const later = (step: () => void) => (opened ? step() : waiting.push(step));
  const intercept: Intercept = (req, res, hit) => {
    if (hit.method !== 'POST' || hit.path !== '/api/exports') return faults.intercept(req, res, hit);
    if (what === 'request') return opened ? 'pass' : new Promise((done) => waiting.push(() => done('pass')));
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.writeHead = ((...args: unknown[]) => (later(() => writeHead(...args)), res)) as typeof res.writeHead;
    res.end = ((...args: unknown[]) => (later(() => end(...args)), res)) as typeof res.end;
    return 'pass';
  };
  return { intercept, open: () => ((opened = true), waiting.splice(0).forEach((step) => step())) };
}

/** "Downloaded" never before the last byte of a file the browser completed. */
function expectDownloadedOnlyAfterTheFile(words: RowWord[], jobId: string): void {
  const said = firstSaid(words, jobId, 'Downloaded');
  if (said === undefined) return;
  const delivered = faults.completed().filter((r) => r.path.includes(jobId)).map((r) => r.completedAt!);
  expect(delivered.length).toBeGreaterThan(0);
  expect(said).toBeGreaterThanOrEqual(Math.min(...delivered));
}

describe('delivery in Chromium, link mode, the reference server behind a fault proxy', () => {
  test.each([
    ['503', 503],
    ['403', 403],
  ])('the first /file answered %s by the proxy: a fresh link, one completed file, "Downloaded" only after it', async (_name, status) => {
    faults.next.push({ kind: 'status', status });
    const user = await openUser();
    const job = await startExportViaDialog(user.page);
    const said = await settledRecord(user, job.id);
    const files = await completedFiles(user.downloads);
    measured[`file${status}`] = { files, downloads: user.downloads.length, said, links: bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link')).length, words: user.words.filter((w) => w.jobId === job.id).map((w) => w.text) };
    expect(files).toBe(1);
    expect(said).toBe('Downloaded (after 2 attempts)');
    expect(bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link'))).toHaveLength(2);
    expectDownloadedOnlyAfterTheFile(user.words, job.id);
  });

  // The page cannot see a 403 on the file: to it, the link was never fetched (no receipt). So the
  // retry policy treats it as any undelivered link: a fresh one (a fresh token), within the budget.
  test('every /file answered 403: within the attempt budget (3 links), then "Download failed" with "Download again"; no file, never "Downloaded"', async () => {
    faults.always = { kind: 'status', status: 403 };
    const user = await openUser();
    const job = await startExportViaDialog(user.page);
    const said = await settledRecord(user, job.id, 55_000);
    const files = await completedFiles(user.downloads);
    const links = bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link')).length;
    measured.file403always = { files, downloads: user.downloads.length, said, links };
    expect(files).toBe(0);
    expect(said.startsWith('Download failed')).toBe(true);
    expect(links).toBe(3);
    expect(firstSaid(user.words, job.id, 'Downloaded')).toBeUndefined();
    await expect(job.row.getByRole('button', { name: `Download ${job.label} again` }).isVisible()).resolves.toBe(true);
  }, 90_000);

  test('the connection cut mid-body: one completed file in the end, and "Downloaded" only after it', async () => {
    faults.next.push({ kind: 'cut', afterBytes: 64 * 1024 });
    const user = await openUser();
    const job = await startExportViaDialog(user.page, { images: true });
    const said = await settledRecord(user, job.id);
    await sleep(1_500); // a late resume by the browser would show here
    const files = await completedFiles(user.downloads);
    measured.fileCut = {
      files,
      downloads: user.downloads.length,
      said,
      links: bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link')).length,
      fileResponses: faults.responses.map((r) => ({ fault: r.fault, range: r.range, bytes: r.bytes, completed: r.completedAt !== undefined })),
    };
    expect(files).toBe(1);
    expect(said.startsWith('Downloaded')).toBe(true);
    expectDownloadedOnlyAfterTheFile(user.words, job.id);
  });

  // Chromium resumes a cut transfer by itself (a Range request on the same link). A page that took
  // the first `aborted` receipt for the end would hand over a fresh link as well: two files.
  test('the connection cut mid-body, and the browser\'s own resume slow to come (1.5 s): still one completed file', async () => {
    faults.next.push({ kind: 'cut', afterBytes: 64 * 1024 }, { kind: 'hold', ms: 1_500 });
    const user = await openUser();
    const job = await startExportViaDialog(user.page, { images: true });
    const said = await settledRecord(user, job.id);
    await until(() => faults.responses.every((r) => r.closedAt !== undefined || r.fault === 'status'), 'every file response to end');
    const files = await completedFiles(user.downloads);
    measured.fileCutSlowResume = {
      files,
      downloads: user.downloads.length,
      said,
      links: bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link')).length,
      fileResponses: faults.responses.map((r) => ({ fault: r.fault, range: r.range, bytes: r.bytes, completed: r.completedAt !== undefined })),
    };
    expect(files).toBe(1);
    expect(said.startsWith('Downloaded')).toBe(true);
    expectDownloadedOnlyAfterTheFile(user.words, job.id);
  });

  test('the connection cut mid-body, and the browser\'s resume refused (503): a fresh link after the grace, one completed file', async () => {
    faults.next.push({ kind: 'cut', afterBytes: 64 * 1024 }, { kind: 'status', status: 503 });
    const user = await openUser();
    const job = await startExportViaDialog(user.page, { images: true });
    const said = await settledRecord(user, job.id);
    await until(() => faults.responses.every((r) => r.closedAt !== undefined || r.fault === 'status'), 'every file response to end');
    const files = await completedFiles(user.downloads);
    const links = bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link')).length;
    measured.fileCutResumeRefused = {
      files,
      downloads: user.downloads.length,
      said,
      links,
      fileResponses: faults.responses.map((r) => ({ fault: r.fault, range: r.range, bytes: r.bytes, completed: r.completedAt !== undefined })),
    };
    expect(files).toBe(1);
    expect(links).toBe(2);
    expect(said).toBe('Downloaded (after 2 attempts)');
    expectDownloadedOnlyAfterTheFile(user.words, job.id);
  });

  test('a reload in the middle of a slow 2 MB transfer: one completed file, "Downloaded" only after the last byte', async () => {
    faults.next.push({ kind: 'slow', msPerChunk: 100 }); // ~33 chunks of 64 KiB: ~3.5 s
    const user = await openUser();
    const job = await startExportViaDialog(user.page, { images: true });
    await until(() => (faults.responses[0]?.bytes ?? 0) > 600 * 1024, 'a third of the file sent');
    await reload(user.page);
    const midway = { bytes: faults.responses[0]!.bytes, said: await statusText(job.row) };
    const said = await settledRecord(user, job.id);
    const files = await completedFiles(user.downloads);
    measured.reloadMidTransfer = { midway, files, downloads: user.downloads.length, said, fileResponses: faults.responses.length, links: bs.hitsFor(job.id).filter((h) => h.path.endsWith('/link')).length };
    expect(faults.responses[0]!.completedAt).toBeDefined();
    expect(files).toBe(1);
    expect(said).toBe('Downloaded');
    expect(faults.responses).toHaveLength(1);
    expectDownloadedOnlyAfterTheFile(user.words, job.id);
  });

  test.each(['answer', 'request'] as const)(
    'a reload while the server holds the start (its %s held): the export is on the page afterwards, the server made 1 job, one file',
    async (held) => {
      const gate = holdStarts(held);
      bs.intercept = gate.intercept;
      const user = await openUser();
      const jobsBefore = await bs.server.store.count();
      const t0 = Date.now();
      const starts = () => bs.hits.filter((h) => h.method === 'POST' && h.path === '/api/exports' && h.at >= t0).length;
      await startExportViaDialog(user.page, { project: 'Retina scans' }, { waitForRow: false });
      await until(() => starts() === 1, 'the start request');
      await reload(user.page);
      await until(() => starts() === 2, 'the start sent again after the reload', 10_000);
      gate.open();
      await until(async () => (await user.page.locator('.rej-row').count()) === 1, 'the row');
      const id = (await user.page.locator('.rej-row').first().getAttribute('data-job-id')) ?? '';
      const said = await settledRecord(user, id);
      const files = await completedFiles(user.downloads);
      const jobs = (await bs.server.store.count()) - jobsBefore;
      measured[`startHeld_${held}`] = { starts: starts(), jobs, rows: await user.page.locator('.rej-row').count(), files, said };
      expect(jobs).toBe(1);
      expect(await user.page.locator('.rej-row').count()).toBe(1);
      expect(files).toBe(1);
      expect(said).toBe('Downloaded');
    },
  );

  test(`two tabs reloading alternately through completion, ${TAB_RUNS} runs: never two files, "Downloaded" in both tabs, at least 90 % with one completed file`, async () => {
    const runs: Array<{ gapMs: number; reloads: number; files: number; said: [string, string] }> = [];
    for (let run = 0; run < TAB_RUNS; run++) {
      const gapMs = [0, 80, 160, 250, 400][run % 5]!;
      const user = await openUser();
      const other = await openDemo(bs.baseUrl, user.context);
      const job = await startExportViaDialog(user.page, { project: 'Warehouse pallets', format: 'JSON' });
      const tabs = [user, other];
      let reloads = 0;
      let afterCompletion = 0;
      const ledgerLog: string[] = [];
      // Reload A, then B, then A... until three reloads after the server completed the job.
      while (afterCompletion < 3) {
        const completed = (await bs.server.store.get(job.id))?.status === 'completed';
        if (process.env.DEBUG_TABS) ledgerLog.push(`${Date.now() % 100000} ${await tabs[0]!.page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.endsWith(':downloads')).map(([, v]) => v).join())}`);
        await reload(tabs[reloads % 2]!.page);
        reloads += 1;
        if (completed) afterCompletion += 1;
        await sleep(gapMs);
        if (reloads > 60) throw new Error('the export never completed');
      }
      const said = (await Promise.all(tabs.map((tab) => settledRecord(tab, job.id)))) as [string, string];
      const files = await completedFiles([...user.downloads, ...other.downloads]);
      const deliveries = (await bs.server.store.get(job.id))?.deliveries;
      if (process.env.DEBUG_TABS) console.log(JSON.stringify({ run, files, said, failures: await Promise.all([...user.downloads, ...other.downloads].map((d) => d.failure())), deliveries, file: faults.responses.filter((r) => r.path.includes(job.id)).map((r) => [r.range, r.bytes, r.completedAt !== undefined]), ledgerLog, hits: bs.hitsFor(job.id).filter((h) => !h.path.endsWith(job.id) ).map((h) => `${h.method} ${h.path.split('/').pop()} ${h.at % 100000}`) }));
      runs.push({ gapMs, reloads, files, said });
      await user.context.close();
    }
    const good = runs.filter((r) => r.files === 1 && r.said.every((w) => w === 'Downloaded')).length;
    measured.twoTabsReloading = { runs: runs.length, oneFileDownloadedInBoth: good, other: runs.filter((r) => !(r.files === 1 && r.said.every((w) => w === 'Downloaded'))) };
    // Never two files. Not yet every run with one: seen 1 run in 20 where the owner tab reloaded within
    // ~80 ms of its click, the server sent every byte (receipt `completed`, both rows "Downloaded") and
    // Chromium reported no download at all: the receipt's blind spot (docs/design.md#delivery).
    expect(runs.filter((r) => r.files > 1)).toEqual([]);
    expect(runs.filter((r) => r.said.some((w) => !w.startsWith('Downloaded')))).toEqual([]);
    expect(good / runs.length).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
