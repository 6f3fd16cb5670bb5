/**
 * Every status text a row ever showed, in every page of a browser context,
 * across reloads: a MutationObserver installed before the demo's own
 * scripts reports each change to Node with the page's clock. So a test can
 * say "the row never said Downloaded before the file's last byte was sent"
 * without sampling the page on a timer.
 */
import type { BrowserContext } from 'playwright-core';

export interface RowWord {
  jobId: string;
  text: string;
  at: number;
}

declare global {
  interface Window {
    __rowSaid?: (jobId: string, text: string, at: number) => void;
  }
}

/** Starts recording in `context` (before its pages open); returns the growing log. */
export async function recordRowWords(context: BrowserContext): Promise<RowWord[]> {
  const log: RowWord[] = [];
  await context.exposeBinding('__rowSaid', (_source, jobId: string, text: string, at: number) => {
    log.push({ jobId, text, at });
  });
  await context.addInitScript(() => {
    const seen = new Map<string, string>();
    const scan = () => {
      for (const row of Array.from(document.querySelectorAll('.rej-row'))) {
        const id = row.getAttribute('data-job-id') ?? '';
        const text = (row.querySelector('.rej-row__status')?.textContent ?? '').trim();
        if (seen.get(id) === text) continue;
        seen.set(id, text);
        window.__rowSaid?.(id, text, Date.now());
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return log;
}

/** When the row of `jobId` first said something starting with `words` (undefined: never). */
export function firstSaid(log: RowWord[], jobId: string, words: string): number | undefined {
  return log.find((w) => w.jobId === jobId && w.text.startsWith(words))?.at;
}
