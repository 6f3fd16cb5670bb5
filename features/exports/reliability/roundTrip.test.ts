/**
 * The round trip (docs/failure-modes.md row 16): whatever a transport
 * answers and whatever errors it throws (codes and messages of any length
 * and alphabet), the state the app ends up with is the state that comes
 * back after a reload: state → storage → rehydrate keeps every job and
 * every record, field for field. Quick in `npm test`; `FUZZ_RUNS` raises it
 * (the soak runs 3,000).
 */
import fc from 'fast-check';
import { ExportError } from '../errors/ExportError';
import { downloadClaimed, downloadFailed, downloadStarted, jobAdded, jobFailed } from '../model/exportsSlice';
import type { ExportTransport } from '../model/types';
import { createMemoryStorage } from '../persistence/memoryStorage';
import { parseJobSnapshot } from '../shapes/parseJobSnapshot';
import { toErrorInfo } from '../errors/toErrorInfo';
import { makeTestStore } from '../testSupport/testStore';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const NOW = Date.UTC(2026, 11, 2, 12);

/** Any text: short, long, any alphabet (lone surrogates included), empty. */
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 90, maxLength: 1_200 }),
  fc.string({ unit: fc.constantFrom('\ud83d', '\ude00', 'a', '😀', '\u202e', '\u0000'), maxLength: 700 }),
);
const answer = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom('a', 'b', '1', '-', 'é') }),
    scope: fc.oneof(fc.constant(null), text),
    status: fc.constantFrom('pending', 'running', 'completed', 'failed', 'cancelled', 'expired'),
    progress: fc.double({ min: -50, max: 150, noNaN: true }),
    label: text,
    stage: text,
    message: text,
    fileName: text,
    size: fc.nat(),
    warnings: fc.array(text, { maxLength: 60 }),
    error: fc.record({ code: text, message: text }),
  },
  { requiredKeys: ['id', 'scope', 'status', 'progress'] },
);
const thrown = fc.record({ code: text.filter((c) => c.length > 0), message: text });

/** A transport that never answers: nothing runs on its own while the state is built. */
const silent: ExportTransport = {
  start: () => new Promise(() => undefined),
  getStatus: () => new Promise(() => undefined),
  cancel: () => new Promise(() => undefined),
  download: () => new Promise(() => undefined),
};

test('state → storage → rehydrate keeps every job and record, whatever the answers and errors', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(answer, thrown, fc.boolean()), { minLength: 1, maxLength: 6 }), async (cases) => {
      const storage = createMemoryStorage();
      const first = makeTestStore({ transport: silent, storage, now: () => NOW, tabs: false });
      await first.ready;
      for (const [raw, error, failDownload] of cases) {
        const snapshot = parseJobSnapshot(raw);
        first.store.dispatch(jobAdded({ ...snapshot, autoDownload: false, at: NOW }));
        const info = toErrorInfo(new ExportError(error.code, error.message));
        if (snapshot.status === 'running') first.store.dispatch(jobFailed({ id: snapshot.id, error: info, at: NOW }));
        if (snapshot.status === 'completed' && failDownload) {
          first.store.dispatch(downloadClaimed({ id: snapshot.id, claimId: `c-${snapshot.id}`, trigger: 'manual', at: NOW }));
          first.store.dispatch(downloadStarted({ id: snapshot.id, claimId: `c-${snapshot.id}`, at: NOW }));
          first.store.dispatch(downloadFailed({ id: snapshot.id, claimId: `c-${snapshot.id}`, error: info, at: NOW }));
        }
      }
      const before = first.store.getState().exports;
      await first.dispose();

      const second = makeTestStore({ transport: silent, storage, now: () => NOW, tabs: false });
      await second.ready;
      const after = second.store.getState().exports;
      await second.dispose();
      const warnings = second.errors.filter((e) => e.phase === 'persist');
      expect(warnings).toEqual([]);
      expect(after.jobs.entities).toEqual(before.jobs.entities);
      expect(after.downloadedJobIds).toEqual(before.downloadedJobIds);
    }),
    { numRuns: RUNS },
  );
});
