/**
 * The join that a tab's storage write makes of its state and what storage
 * holds (docs/design.md#tabs, "One storage"). The race between tabs is
 * benign only if the join is one: commutative, associative, idempotent, so
 * whatever order the writes land in, storage ends the same. And it keeps
 * what the user would notice: every job from either side unless dismissed,
 * no dismissed job, a record wherever either side had one.
 */
import fc from 'fast-check';
import { jobsAdapter } from '../model/exportsSlice';
import type { DownloadRecord, ExportJob, ExportsState, JobStatus } from '../model/types';
import { joinExportsStates } from './joinExportsStates';
import type { JoinOptions } from './joinExportsStates';

const IDS = ['a', 'b', 'c', 'd', 'e'];
const STATUSES: JobStatus[] = ['pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled', 'expired'];

const job = (id: string): fc.Arbitrary<ExportJob> =>
  fc.record({
    status: fc.constantFrom(...STATUSES),
    progress: fc.integer({ min: 0, max: 100 }),
    updatedAt: fc.integer({ min: 0, max: 5 }),
    autoDownload: fc.boolean(),
    label: fc.constantFrom('x', 'y'),
  }).map((f) => ({ id, scope: 'p', warnings: [], createdAt: 0, ...f, ...(f.status === 'completed' ? { completedAt: f.updatedAt } : {}) }));

const record: fc.Arbitrary<DownloadRecord> = fc.record({
  status: fc.constantFrom<DownloadRecord['status']>('claimed', 'downloading', 'done', 'failed', 'interrupted'),
  claimId: fc.constantFrom('c1', 'c2'),
  trigger: fc.constantFrom<'auto' | 'manual'>('auto', 'manual'),
  claimedAt: fc.integer({ min: 0, max: 3 }),
  attempts: fc.integer({ min: 0, max: 2 }),
});

const state: fc.Arbitrary<ExportsState> = fc
  .record({
    jobs: fc.subarray(IDS).chain((ids) => fc.tuple(...ids.map(job))),
    records: fc.dictionary(fc.constantFrom(...IDS), record),
    tombstones: fc.dictionary(fc.constantFrom(...IDS), fc.integer({ min: 0, max: 5 }), { maxKeys: 2 }),
  })
  .map(({ jobs, records, tombstones }) => {
    const live = jobs.filter((j) => tombstones[j.id] === undefined);
    const downloadedJobIds: Record<string, DownloadRecord> = {};
    for (const j of live) if (records[j.id]) downloadedJobIds[j.id] = records[j.id]!;
    return { jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), live), downloadedJobIds, pendingStarts: {}, dismissedJobIds: tombstones };
  });

const WIDE: JoinOptions = { now: 10, ttlMs: 1_000, maxJobs: 100 };
const TIGHT: JoinOptions = { now: 10, ttlMs: 8, maxJobs: 2 };

/** The content, whatever the order of ids and keys. */
const content = (s: ExportsState) => ({
  jobs: [...s.jobs.ids].sort().map((id) => s.jobs.entities[id]),
  records: Object.fromEntries(Object.entries(s.downloadedJobIds).sort(([a], [b]) => (a < b ? -1 : 1))),
  tombstones: Object.fromEntries(Object.entries(s.dismissedJobIds ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))),
});

const join = (a: ExportsState, b: ExportsState, o = WIDE) => joinExportsStates(a, b, o);

test('the join is commutative, associative and idempotent: writes landing in any order leave the same storage', () => {
  fc.assert(
    fc.property(state, state, state, (a, b, c) => {
      expect(content(join(a, b))).toEqual(content(join(b, a)));
      expect(content(join(join(a, b), c))).toEqual(content(join(a, join(b, c))));
      expect(content(join(a, a))).toEqual(content(a));
      expect(content(join(a, a))).toEqual(content(join(a, join(a, a))));
      expect(content(join(join(a, b), b))).toEqual(content(join(a, b)));
    }),
    { numRuns: 500 },
  );
});

test('pruning in the join keeps the same set whichever tab writes (same inputs, same kept jobs)', () => {
  fc.assert(
    fc.property(state, state, (a, b) => {
      expect(content(join(a, b, TIGHT))).toEqual(content(join(b, a, TIGHT)));
    }),
    { numRuns: 500 },
  );
});

test('every job of either side is kept unless dismissed; no dismissed job; a record wherever either side had one; nothing goes back', () => {
  fc.assert(
    fc.property(state, state, (a, b) => {
      const joined = join(a, b);
      const dismissed = { ...a.dismissedJobIds, ...b.dismissedJobIds };
      for (const side of [a, b]) {
        for (const id of side.jobs.ids) {
          const kept = joined.jobs.entities[id];
          if (dismissed[id] !== undefined) {
            expect(kept).toBeUndefined();
            continue;
          }
          expect(kept).toBeDefined();
          if (side.downloadedJobIds[id]) expect(joined.downloadedJobIds[id]).toBeDefined();
          expect(kept!.progress).toBeGreaterThanOrEqual(side.jobs.entities[id]!.progress);
          if (!side.jobs.entities[id]!.autoDownload) expect(kept!.autoDownload).toBe(false); // a cancel stays
        }
      }
    }),
    { numRuns: 500 },
  );
});

test('an ended job is never replaced by a copy that still runs, whatever its clock says', () => {
  const base = { scope: 'p', warnings: [], createdAt: 0, autoDownload: true };
  const ended: ExportJob = { ...base, id: 'a', status: 'completed', progress: 100, updatedAt: 5, completedAt: 5 };
  const running: ExportJob = { ...base, id: 'a', status: 'running', progress: 40, updatedAt: 9 };
  const side = (j: ExportJob): ExportsState => ({ jobs: jobsAdapter.setAll(jobsAdapter.getInitialState(), [j]), downloadedJobIds: {} });
  expect(join(side(running), side(ended)).jobs.entities.a?.status).toBe('completed');
  expect(join(side(ended), side(running)).jobs.entities.a?.status).toBe('completed');
});
