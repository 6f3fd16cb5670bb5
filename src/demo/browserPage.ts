/**
 * Chromium and the demo page, as the browser suites drive them: one browser
 * (@sparticuz/chromium, without `--single-process`), a fresh context per
 * "user", the demo's own dialog to start an export, and the outcomes a user
 * notices: completed browser downloads and the row's last words.
 */
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  const executablePath = await sparticuz.executablePath();
  // Without --single-process: in it, browser contexts share localStorage and
  // BroadcastChannel, so "a fresh page" would really be another tab.
  const args = sparticuz.args.filter((arg) => arg !== '--single-process');
  return chromium.launch({ executablePath, args, headless: true });
}

export interface Demo {
  page: Page;
  downloads: Download[];
  errors: string[];
}

/** Opens the demo in `context` (a new one in `browser` when absent, pushed to `contexts` to be closed). */
export async function openDemo(baseUrl: string, from: { browser: Browser; contexts: BrowserContext[] } | BrowserContext): Promise<Demo> {
  let context: BrowserContext;
  if ('newPage' in from) context = from;
  else {
    context = await from.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 760 } });
    from.contexts.push(context);
  }
  const page = await context.newPage();
  const demo: Demo = { page, downloads: [], errors: [] };
  page.on('download', (download) => demo.downloads.push(download));
  page.on('pageerror', (error) => demo.errors.push(String(error)));
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Recent exports' }).waitFor({ timeout: 10_000 });
  return demo;
}

export async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { name: 'Recent exports' }).waitFor({ timeout: 10_000 });
}

/** Bounded wait for a condition that Node can check. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Started {
  id: string;
  row: Locator;
  fileName: string;
  label: string;
}

/** Through the UI: the project's Export… button, the dialog, Start export. */
export async function startExportViaDialog(
  page: Page,
  { project = 'Street scenes', format = 'COCO', images = false, metrics = 'Excel (.xlsx)' } = {},
  { waitForRow = true } = {},
): Promise<Started> {
  const before = await page.locator('.rej-row').count();
  await page.getByRole('button', { name: `Export ${project}` }).click();
  const dialog = page.getByRole('dialog', { name: `Export “${project}”` });
  await dialog.getByRole('radio', { name: format }).check();
  if (images) await dialog.getByRole('checkbox', { name: /Include images/ }).check();
  await dialog.getByLabel('Metrics').selectOption({ label: metrics });
  const fileName = ((await dialog.locator('code').textContent()) ?? '').trim();
  await dialog.getByRole('button', { name: 'Start export' }).click();
  if (!waitForRow) return { id: '', row: page.locator('.rej-row').first(), fileName, label: '' };
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  await until(async () => (await page.locator('.rej-row').count()) === before + 1, 'the new row');
  const first = page.locator('.rej-row').first();
  const id = (await first.getAttribute('data-job-id')) ?? '';
  const label = (await first.locator('.rej-row__label').textContent()) ?? '';
  return { id, row: rowOf(page, id), fileName, label };
}

export const rowOf = (page: Page, jobId: string): Locator => page.locator(`.rej-row[data-job-id="${jobId}"]`);
export const attr = (row: Locator, name: string) => row.getAttribute(name, { timeout: 2_000 }).catch(() => null);
export const statusText = async (row: Locator) => ((await row.locator('.rej-row__status').textContent({ timeout: 2_000 }).catch(() => null)) ?? '').trim();

/** Browser downloads that completed (`download.failure()` is null); waits for each to finish. */
export async function completedFiles(downloads: Download[]): Promise<number> {
  const failures = await Promise.all(downloads.map((d) => d.failure()));
  return failures.filter((f) => f === null).length;
}
