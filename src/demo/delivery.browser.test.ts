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
import type { BrowserServer } from './browserServer';
import { createFileFaults } from './fileFaults';
import type { FileFaults } from './fileFaults';
import { firstSaid, recordRowWords } from './rowWords';
import type { RowWord } from './rowWords';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
/** Each of the 4 server stages lasts at least this long: an export takes ~1 s. */
const STAGE_DELAY_MS = 200;
const SETTLED = ['done', 'failed', 'interrupted'];

let bs: BrowserServer;
let browser: Browser;
let faults: FileFaults;
const contexts: BrowserContext[] = [];
const measured: Record<string, unknown> = {};

beforeAll(async () => {
  execFileSync(process.execPath, [resolve(__dirname, 'build.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
  bs = await startBrowserServer(resolve(ROOT, 'dist/demo'), { stageDelayMs: STAGE_DELAY_MS });
  browser = await launchChromium();
}, 120_000);

beforeEach(() => {
  faults = createFileFaults();
  bs.intercept = faults.intercept;
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
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
});
