/**
 * The peer bench's runs in Chromium, one export each, in a fresh browser
 * context (tabs of one context share localStorage, BroadcastChannel and
 * Web Locks, like the tabs of one browser profile):
 *
 * - tabs: tab 1 opens the page and starts the export; with 2 or more tabs, after SETTLE_STORAGE_MS
 *   (the job is in storage: our persist throttle is 1 s) tabs 2..N open the
 *   page and find it there. Status requests (GET /api/exports/:id) are
 *   counted from the moment every tab is open to the job's completion;
 *   then completed downloads after TABS_TAIL_MS.
 * - reload: one tab starts the export and the page reloads the moment the
 *   server completes the job ('completion'), or the moment the server gets
 *   the page's request for the job's download link ('handover': the page
 *   has seen the completion and starts its download); completed downloads
 *   RELOAD_TAIL_MS after the reloaded page is up, and what the page says about the download when it shows
 *   it (`data-download-status`: our panel only).
 * - latency: server completion -> first request of the job's file, both
 *   server-side times. One tab starts the export and reloads `offsetMs`
 *   later, mid-job: the peers' 2 s poll restarts with the page, so offsets
 *   spread over one interval sample its phase evenly (without it, every run
 *   of a same-length job completes at the same point of the poll cycle).
 *   The run ends at the file request.
 */
import type { Browser } from 'playwright-core';
import { completedDownloads, downloadOutcomes, openTab, waitForPage } from './browser';
import type { Tab } from './browser';
import type { PeerServer } from './server';

const SETTLE_STORAGE_MS = 1_200;
/** After completion (tabs) or after the reloaded page is up (reload): long enough for one more 2 s poll and its download to begin. */
const TABS_TAIL_MS = 2_500;
const RELOAD_TAIL_MS = 1_200;
const JOB_TIMEOUT_MS = 30_000;

export interface TabsRun {
  tabs: number;
  /** Start click -> server completion, ms. */
  jobMs: number;
  statusRequests: number;
  windowMs: number;
  /** Event streams (SSE) opened for the job from the start click to completion. */
  sseStreams: number;
  downloads: number;
  fileRequests: number;
  errors: string[];
}

export type ReloadMoment = 'completion' | 'handover';

export interface ReloadRun {
  moment: ReloadMoment;
  downloads: number;
  /** Why the downloads that did not complete failed (Playwright's `failure()`). */
  failures: string[];
  /** The server's receipts of the job's links after the tail ('completed' = every byte handed to the connection). */
  receipts: string[];
  /** Our panel's `data-download-status` of the job after the tail (null on the peers' pages). */
  shownStatus: string | null;
  fileRequests: number;
  errors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clicks Start export in `tab` and returns the id of the job the server started for it. */
async function start(server: PeerServer, tab: Tab): Promise<string> {
  const before = server.started.length;
  await tab.page.getByRole('button', { name: 'Start export' }).click();
  const end = Date.now() + 10_000;
  while (server.started.length === before) {
    if (Date.now() > end) throw new Error('bench: the page started no export');
    await sleep(10);
  }
  const id = server.started[before];
  if (!id) throw new Error('bench: no job id');
  return id;
}

const fileHits = (server: PeerServer, id: string) => server.hits.filter((h) => h.method === 'GET' && h.path === `/api/exports/${id}/file`);

export async function runTabs(browser: Browser, server: PeerServer, pageUrl: string, tabs: number): Promise<TabsRun> {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const open: Tab[] = [await openTab(context, pageUrl)];
    const clickedAt = Date.now();
    const id = await start(server, open[0]!);
    if (tabs > 1) await sleep(SETTLE_STORAGE_MS);
    for (let i = 1; i < tabs; i++) open.push(await openTab(context, pageUrl));
    const from = Date.now();
    if (tabs > 1 && server.completedAt.has(id)) throw new Error(`bench: the job completed before ${tabs} tabs were open; make the job longer`);
    const completedAt = await server.completion(id, JOB_TIMEOUT_MS);
    const inWindow = server.hits.filter((h) => h.method === 'GET' && h.at >= from && h.at <= completedAt);
    await sleep(TABS_TAIL_MS);
    return {
      tabs,
      jobMs: completedAt - clickedAt,
      statusRequests: inWindow.filter((h) => h.path === `/api/exports/${id}`).length,
      windowMs: completedAt - from,
      sseStreams: server.hits.filter((h) => h.method === 'GET' && h.at >= clickedAt && h.at <= completedAt && h.path === `/api/exports/${id}/events`).length,
      downloads: await completedDownloads(open),
      fileRequests: fileHits(server, id).length,
      errors: open.flatMap((tab) => tab.errors),
    };
  } finally {
    await context.close().catch(() => undefined);
  }
}

export async function runReload(browser: Browser, server: PeerServer, pageUrl: string, moment: ReloadMoment): Promise<ReloadRun> {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const tab = await openTab(context, pageUrl);
    const id = await start(server, tab);
    if (moment === 'completion') await server.completion(id, JOB_TIMEOUT_MS);
    else await server.request((h) => h.method === 'POST' && h.path === `/api/exports/${id}/link`, JOB_TIMEOUT_MS);
    await tab.page.reload();
    await waitForPage(tab.page);
    await sleep(RELOAD_TAIL_MS);
    const outcomes = await downloadOutcomes([tab]);
    const shownStatus = await tab.page
      .locator(`[data-job-id="${id}"][data-download-status]`)
      .first()
      .getAttribute('data-download-status', { timeout: 500 })
      .catch(() => null);
    return {
      moment,
      downloads: outcomes.filter((o) => o === null).length,
      failures: outcomes.filter((o): o is string => o !== null),
      shownStatus,
      receipts: (await server.receipts(id)).map((r) => r.status),
      fileRequests: fileHits(server, id).length,
      errors: tab.errors,
    };
  } finally {
    await context.close().catch(() => undefined);
  }
}

export async function runLatency(browser: Browser, server: PeerServer, pageUrl: string, offsetMs: number): Promise<number> {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const tab = await openTab(context, pageUrl);
    const id = await start(server, tab);
    await sleep(offsetMs);
    if (server.completedAt.has(id)) throw new Error('bench: the job completed before the reload; make the latency job longer');
    await tab.page.reload();
    await waitForPage(tab.page);
    const completedAt = await server.completion(id, JOB_TIMEOUT_MS);
    const file = await server.request((h) => h.method === 'GET' && h.path === `/api/exports/${id}/file` && h.at >= completedAt, 10_000);
    return file.at - completedAt;
  } finally {
    await context.close().catch(() => undefined);
  }
}
