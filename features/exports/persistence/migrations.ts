/**
 * Versions of the stored exports slice, and how each older one becomes the
 * current one (redux-persist `createMigrate`).
 *
 * Version 0 is the shape of the hand-written hook this library replaces: a
 * map of jobs keyed by id with `projectId` and `startedAt`, a server phase
 * named `downloading` taken for a client download (docs/failure-modes.md row 6), and
 * a plain list of downloaded ids with no expiry (row 12).
 */
import type { MigrationManifest, PersistedState } from 'redux-persist';

/** The version of the persisted slice; older stored versions are migrated on load, newer ones replaced. */
export const EXPORTS_PERSIST_VERSION = 1;

interface V0Job {
  id?: unknown;
  projectId?: unknown;
  status?: unknown;
  progress?: unknown;
  fileName?: unknown;
  startedAt?: unknown;
  completedAt?: unknown;
  error?: unknown;
}
interface V0State {
  jobs?: Record<string, V0Job>;
  downloadedJobIds?: unknown;
}

const V0_STATUS: Record<string, string> = {
  queued: 'pending',
  pending: 'pending',
  processing: 'running',
  running: 'running',
  downloading: 'running', // the server packing the file, not a client download
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

const num = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

export function migrateV0ToV1(state: V0State, now: number): Record<string, unknown> {
  const entities: Record<string, unknown> = {};
  const ids: string[] = [];
  for (const key of Object.keys(state.jobs ?? {})) {
    const old = state.jobs?.[key];
    if (!old || typeof old.id !== 'string' || old.id !== key) continue;
    const status = V0_STATUS[String(old.status)] ?? 'failed';
    const createdAt = num(old.startedAt, now);
    const job: Record<string, unknown> = {
      id: old.id,
      scope: typeof old.projectId === 'string' ? old.projectId : null,
      status,
      progress: status === 'completed' ? 100 : Math.min(100, Math.max(0, num(old.progress, 0))),
      warnings: [],
      autoDownload: true,
      createdAt,
      updatedAt: num(old.completedAt, createdAt),
    };
    if (old.status === 'downloading') job.stage = 'packing';
    if (typeof old.fileName === 'string') job.fileName = old.fileName;
    if (status === 'completed') job.completedAt = num(old.completedAt, createdAt);
    if (typeof old.error === 'string') job.error = { code: 'export_failed', message: old.error };
    entities[key] = job;
    ids.push(key);
  }
  const records: Record<string, unknown> = {};
  const downloaded = Array.isArray(state.downloadedJobIds) ? state.downloadedJobIds : [];
  for (const id of downloaded) {
    if (typeof id !== 'string' || !(id in entities)) continue;
    records[id] = { status: 'done', claimId: `v0-${id}`, trigger: 'auto', claimedAt: now, attempts: 1, settledAt: now };
  }
  return { jobs: { ids, entities }, downloadedJobIds: records };
}

/** The manifest given to `createMigrate`. */
export function exportsMigrations(now: () => number): MigrationManifest {
  return {
    1: (state: PersistedState) => {
      const { _persist, ...rest } = (state ?? {}) as PersistedState & V0State;
      return { ...migrateV0ToV1(rest, now()), _persist } as unknown as PersistedState;
    },
  };
}
