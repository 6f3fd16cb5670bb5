/**
 * Real Chromium for the peer bench (@sparticuz/chromium driven by
 * playwright-core, as src/demo/demo.browser.test.ts does), and a tab: a page
 * of a browser context with its downloads and page errors recorded.
 * Without --single-process: in it, browser contexts share localStorage.
 */
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';

export interface Tab {
  page: Page;
  downloads: Download[];
  errors: string[];
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await sparticuz.executablePath();
  const args = sparticuz.args.filter((arg) => arg !== '--single-process');
  return chromium.launch({ executablePath, args, headless: true });
}

export async function openTab(context: BrowserContext, url: string): Promise<Tab> {
  const page = await context.newPage();
  const tab: Tab = { page, downloads: [], errors: [] };
  page.on('download', (download) => tab.downloads.push(download));
  page.on('pageerror', (error) => tab.errors.push(String(error)));
  await page.goto(url);
  await waitForPage(page);
  return tab;
}

/** The page is up once its start button is (every page renders after rehydration). */
export async function waitForPage(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start export' }).waitFor({ timeout: 15_000 });
}

/** Each download's outcome: null when it completed, else Playwright's `failure()` (each waited for at most `timeoutMs`). */
export async function downloadOutcomes(tabs: readonly Tab[], timeoutMs = 10_000): Promise<Array<string | null>> {
  return Promise.all(
    tabs
      .flatMap((tab) => tab.downloads)
      .map((download) => Promise.race([download.failure(), new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), timeoutMs))])),
  );
}

/** Downloads that completed (Playwright's `failure()` is null). */
export async function completedDownloads(tabs: readonly Tab[], timeoutMs = 10_000): Promise<number> {
  return (await downloadOutcomes(tabs, timeoutMs)).filter((failure) => failure === null).length;
}
