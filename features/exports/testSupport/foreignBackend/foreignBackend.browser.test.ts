/**
 * Issue 15's proof, in real Chromium: the real `ExportProgressPanel` on a
 * backend shaped nothing like ours (createForeignBackend.ts: per-project
 * routes, its own status words, a ZIP behind `Authorization: Bearer`,
 * Socket.IO events that repeat or come early, tokens that expire), through
 * the transport kit and `eventEmitterPush` (page/foreignTransport.ts).
 * Downloads are counted as the browser finished them; requests as the
 * server saw them. One browser for the whole file.
 */
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { buildForeignPage } from './buildForeignPage';
import { createForeignBackend } from './createForeignBackend';
import type { ForeignBackend, Hit } from './createForeignBackend';

jest.setTimeout(30_000);

let server: ForeignBackend;
let baseUrl = '';
let browser: Browser;
let context: BrowserContext | undefined;
const LABEL = 'Export of project-7';

beforeAll(async () => {
  server = createForeignBackend({ stepMs: 250, steps: 5, files: await buildForeignPage() });
  baseUrl = await server.listen();
  const executablePath = await sparticuz.executablePath();
  // Without --single-process: in it, browser contexts share localStorage.
  browser = await chromium.launch({ executablePath, args: sparticuz.args.filter((arg) => arg !== '--single-process'), headless: true });
}, 90_000);

afterEach(async () => {
  await context?.close().catch(() => undefined);
  context = undefined;
  Object.assign(server.switches, { completions: 1, completeBeforeAnswer: false, push: true });
  server.auth.setTokenTtl(60_000);
  server.auth.allowRefresh();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
});

interface Tab {
  page: Page;
  downloads: Download[];
  errors: string[];
}

async function openPage(): Promise<Tab> {
  context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const tab: Tab = { page, downloads: [], errors: [] };
  page.on('download', (download) => tab.downloads.push(download));
  page.on('pageerror', (error) => tab.errors.push(String(error)));
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: 'Export project-7' }).waitFor({ timeout: 10_000 });
  return tab;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Files the browser finished downloading. */
async function filesArrived(tab: Tab): Promise<string[]> {
  const done = await Promise.all(tab.downloads.map(async (d) => ((await d.failure()) === null ? d.suggestedFilename() : null)));
  return done.filter((name): name is string => name !== null);
}

/** Clicks Export; resolves the new job's id once its row shows. */
async function startExport(tab: Tab): Promise<string> {
  const rows = tab.page.locator('.rej-row');
  const before = await rows.count();
  await tab.page.getByRole('button', { name: 'Export project-7' }).click();
  await until(async () => (await rows.count()) === before + 1, 'the new row');
  return (await rows.first().getAttribute('data-job-id')) ?? '';
}

const row = (tab: Tab, id: string) => tab.page.locator(`.rej-row[data-job-id="${id}"]`);
const rowAttr = (tab: Tab, id: string, name: string) => row(tab, id).getAttribute(name, { timeout: 2_000 }).catch(() => null);
const hitsOf = (id: string, suffix: string, since = 0): Hit[] => server.hits.slice(since).filter((h) => h.path.endsWith(`/export/${id}${suffix}`));

test('three exports through the panel: each file downloaded exactly once, with the name the server gave', async () => {
  const tab = await openPage();
  const ids = [await startExport(tab), await startExport(tab), await startExport(tab)];
  for (const id of ids) await until(async () => (await rowAttr(tab, id, 'data-download-status')) === 'done', `the download of ${id}`);
  await sleep(1_000);
  expect((await filesArrived(tab)).sort()).toEqual(ids.map((id) => `project-7-export-${id.slice(0, 8)}.zip`).sort());
  for (const id of ids) expect(hitsOf(id, '/download').map((h) => h.status)).toEqual([200]);
  expect(tab.errors).toEqual([]);
});

test('the completion emitted three times: one download', async () => {
  server.switches.completions = 3;
  const tab = await openPage();
  const id = await startExport(tab);
  await until(async () => (await rowAttr(tab, id, 'data-download-status')) === 'done', 'the download');
  await sleep(1_000);
  expect(await filesArrived(tab)).toHaveLength(1);
  expect(hitsOf(id, '/download')).toHaveLength(1);
  expect(tab.errors).toEqual([]);
});

test('the completion emitted (twice) before the start is answered: one download', async () => {
  server.switches.completeBeforeAnswer = true;
  server.switches.completions = 2;
  const tab = await openPage();
  const id = await startExport(tab);
  await until(async () => (await rowAttr(tab, id, 'data-download-status')) === 'done', 'the download');
  await sleep(1_000);
  expect(await filesArrived(tab)).toHaveLength(1);
  expect(hitsOf(id, '/download')).toHaveLength(1);
  expect(tab.errors).toEqual([]);
});

test('cancelled, then a late export:completed: no download, and the panel says cancelled', async () => {
  const tab = await openPage();
  const id = await startExport(tab);
  await until(async () => (await rowAttr(tab, id, 'data-status')) === 'running', 'running');
  await row(tab, id).getByRole('button', { name: `Cancel ${LABEL}` }).click();
  await until(async () => (await rowAttr(tab, id, 'data-status')) === 'cancelled', 'cancelled');
  server.emit('export:completed', { jobId: id, progress: 100 });
  server.emit('export:completed', { jobId: id, progress: 100 });
  await sleep(1_500);
  expect(tab.downloads).toHaveLength(0);
  expect(hitsOf(id, '/download')).toHaveLength(0);
  expect(hitsOf(id, '/cancel')).toHaveLength(1);
  expect(await rowAttr(tab, id, 'data-status')).toBe('cancelled');
  expect(tab.errors).toEqual([]);
});

test('Socket.IO dropped mid-export: polling takes over, one download', async () => {
  const tab = await openPage();
  const id = await startExport(tab);
  await until(async () => Number(await row(tab, id).getByRole('progressbar').getAttribute('aria-valuenow')) > 0, 'pushed progress');
  expect(hitsOf(id, '/status')).toHaveLength(0); // push alone so far
  server.switches.push = false;
  const since = server.hits.length;
  server.disconnectSockets();
  await until(async () => (await rowAttr(tab, id, 'data-download-status')) === 'done', 'the download');
  await sleep(1_000);
  expect(await filesArrived(tab)).toHaveLength(1);
  expect(hitsOf(id, '/status', since).length).toBeGreaterThan(0);
  expect(hitsOf(id, '/download')).toHaveLength(1);
  expect(tab.errors).toEqual([]);
});

test('an expired token that refreshes: the start is sent again once, one download', async () => {
  server.auth.setTokenTtl(300);
  const tab = await openPage(); // signs in with a token that lives 300 ms
  server.auth.setTokenTtl(60_000);
  await sleep(400);
  const since = server.hits.length;
  const id = await startExport(tab);
  await until(async () => (await rowAttr(tab, id, 'data-download-status')) === 'done', 'the download');
  await sleep(1_000);
  const seen = server.hits.slice(since);
  expect(seen.filter((h) => h.path === '/api/projects/project-7/export').map((h) => h.status)).toEqual([401, 200]);
  expect(seen.filter((h) => h.path === '/api/auth/refresh').map((h) => h.status)).toEqual([200]);
  expect(await filesArrived(tab)).toHaveLength(1);
  expect(tab.errors).toEqual([]);
});

test('a revoked session (refresh fails): one request, one refresh, "Sign in again", no loop', async () => {
  const tab = await openPage();
  server.auth.revokeRefresh(true);
  const since = server.hits.length;
  await tab.page.getByRole('button', { name: 'Export project-7' }).click();
  await until(async () => /sign in again/i.test((await tab.page.getByRole('alert').textContent()) ?? ''), '"Sign in again"');
  await sleep(1_500);
  expect(server.hits.slice(since).map((h) => `${h.method} ${h.path} ${h.status}`)).toEqual([
    'POST /api/projects/project-7/export 401',
    'POST /api/auth/refresh 401',
  ]);
  expect(await tab.page.locator('.rej-row').count()).toBe(0);
  expect(tab.downloads).toHaveLength(0);
  expect(tab.errors).toEqual([]);
});
