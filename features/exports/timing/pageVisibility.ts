/**
 * Waiting for a hidden page to be shown again: loops pause while the user
 * cannot see the page (no requests for a background tab), and go on at once
 * when it comes back. Where there is no document (Node, workers) the page
 * counts as visible.
 */
import { AbortedError } from '../errors/AbortedError';

interface VisibilityDocument {
  hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

const pageDocument = (): VisibilityDocument | undefined => (globalThis as { document?: VisibilityDocument }).document;

/** Resolves once the page is visible (at once if it is); rejects with `AbortedError` when `signal` aborts first. */
export function whenPageVisible(signal: AbortSignal): Promise<void> {
  const doc = pageDocument();
  if (!doc || !doc.hidden) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const finish = (aborted: boolean): void => {
      doc.removeEventListener('visibilitychange', onChange);
      signal.removeEventListener('abort', onAbort);
      if (aborted) reject(new AbortedError(signal.reason));
      else resolve();
    };
    const onChange = (): void => {
      if (!doc.hidden) finish(false);
    };
    const onAbort = (): void => finish(true);
    doc.addEventListener('visibilitychange', onChange);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
