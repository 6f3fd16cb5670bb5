/**
 * One browser suite at a time (demo.browser.test.ts, delivery.browser.test.ts):
 * Jest runs test files in parallel, and two Chromium suites on one machine
 * slow each other's reloads enough to change what a reload catches. A lock
 * directory in the temp folder, holding the owner's pid (a dead owner's
 * lock is taken over), makes the second suite wait for the first.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'redux-export-jobs-browser-suite.lock');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits (bounded by `timeoutMs`) until this process holds the lock. */
export async function acquireBrowserSuite(timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch {
      let owner = 0;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8')) || 0;
      } catch {
        // the owner has made the directory and not yet written its pid
      }
      if (owner !== 0 && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
    }
    if (Date.now() > end) return; // run anyway rather than never
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function releaseBrowserSuite(): void {
  try {
    if (Number(readFileSync(join(LOCK, 'pid'), 'utf8')) === process.pid) rmSync(LOCK, { recursive: true, force: true });
  } catch {
    // not held
  }
}
