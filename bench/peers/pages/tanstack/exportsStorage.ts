/**
 * The TanStack Query peer's client state, persisted in localStorage
 * (TanStack Query keeps server state only): the exports this browser
 * started, and a "downloaded" flag per job, written synchronously. The
 * list is a `useSyncExternalStore` source that follows other tabs through
 * the `storage` event.
 */
import { useSyncExternalStore } from 'react';

const IDS_KEY = 'tanstack-app:exportIds';
const DOWNLOADED_PREFIX = 'tanstack-app:downloaded:';
const listeners = new Set<() => void>();

let snapshot: readonly string[] = read();

function read(): readonly string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(IDS_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function changed(): void {
  snapshot = read();
  for (const listener of listeners) listener();
}

window.addEventListener('storage', (event) => {
  if (event.key === IDS_KEY) changed();
});

export function addExportId(id: string): void {
  if (read().includes(id)) return;
  localStorage.setItem(IDS_KEY, JSON.stringify([id, ...read()]));
  changed();
}

export function useExportIds(): readonly string[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}

export const isDownloaded = (id: string): boolean => localStorage.getItem(DOWNLOADED_PREFIX + id) === 'true';
export const markDownloaded = (id: string): void => localStorage.setItem(DOWNLOADED_PREFIX + id, 'true');
