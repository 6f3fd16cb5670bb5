import { asJsonBody } from './kitAnswer';
import type { BackendAnswer, BackendJob, ReadJob } from './types';

/** Where a history answer usually keeps its items, when it is not an array itself. */
const LIST_KEYS = ['jobs', 'items', 'history', 'data', 'exports'] as const;

/** The list of a history answer. */
function itemsOf(body: unknown): readonly unknown[] {
  if (Array.isArray(body)) return body;
  const object = asJsonBody(body);
  for (const key of LIST_KEYS) {
    const value = object[key];
    if (Array.isArray(value)) return value;
  }
  return [];
}

/**
 * The jobs of a history answer, each read with `read`. An item the reader
 * refuses, or one without an id, is left out: one odd entry must not hide
 * the others.
 */
export function readHistory(
  body: unknown,
  answer: BackendAnswer,
  items: ((body: unknown) => readonly unknown[]) | undefined,
  read: ReadJob,
  scope: string | null,
): Array<BackendJob & { id: string }> {
  const jobs: Array<BackendJob & { id: string }> = [];
  for (const item of (items ?? itemsOf)(body).slice(0, 200)) {
    try {
      const job = read(asJsonBody(item), answer, { jobId: '', scope });
      if (typeof job.id === 'string' && job.id !== '') jobs.push({ ...job, id: job.id });
    } catch {
      // an entry the reader does not understand: skipped
    }
  }
  return jobs;
}
