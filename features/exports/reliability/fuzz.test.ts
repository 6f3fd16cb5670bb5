/**
 * Fuzzing the two doors where the outside world comes in: what storage
 * holds, and what a transport answers. Never a throw into the app; always
 * a valid state, or a typed error in `{ code, message }` form.
 */
import fc from 'fast-check';
import { jobCompleted } from '../model/exportsSlice';
import { sanitizeExportsState } from '../persistence/sanitizeExportsState';
import { startExport } from '../engine/startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { makeTestStore } from '../testSupport/testStore';
import type { ExportTransport } from '../model/types';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const KEY = 'persist:redux-export-jobs';

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'jobs', 'downloadedJobIds', '_persist', 'entities', 'ids', 'status', 'a');
const hostile: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.string({ maxLength: 50 }),
    fc.constantFrom(null, -1, 1e308, Number.NaN, true, '', 'null', '{}', '[]'),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
})).value;

/** Values a storage might hold: raw garbage, JSON of anything, and the right shape with wrong insides. */
const storedValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  hostile.map((v) => JSON.stringify(v) ?? 'undefined'),
  fc
    .record({ jobs: hostile, downloadedJobIds: hostile, _persist: fc.oneof(hostile, fc.constant({ version: 1, rehydrated: true })) })
    .map((outer) => JSON.stringify(Object.fromEntries(Object.entries(outer).map(([k, v]) => [k, JSON.stringify(v) ?? 'null'])))),
  fc
    .record({
      id: fc.oneof(fc.constant('a'), fc.string({ maxLength: 5 })),
      scope: hostile,
      status: fc.oneof(fc.constantFrom('pending', 'running', 'completed', 'failed', 'cancelling', 'cancelled', 'expired'), hostile),
      progress: fc.oneof(fc.double(), hostile),
      warnings: hostile,
      autoDownload: hostile,
      createdAt: fc.oneof(fc.integer(), hostile),
      updatedAt: fc.integer(),
    })
    .map((job) =>
      JSON.stringify({
        jobs: JSON.stringify({ ids: ['a'], entities: { a: job } }),
        downloadedJobIds: JSON.stringify({ a: { status: 'claimed', claimId: 'c', trigger: 'auto', claimedAt: 1, attempts: 0 } }),
        _persist: JSON.stringify({ version: 1, rehydrated: true }),
      }),
    ),
  fc.constant('x'.repeat(6_000_000)),
);

test('hostile storage values: the store boots, the state is valid, nothing is thrown or polluted', async () => {
  await fc.assert(
    fc.asyncProperty(storedValue, async (value) => {
      const data = new Map([[KEY, value]]);
      const t = makeTestStore({
        storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) },
        pollIntervalMs: 60_000,
      });
      await t.ready;
      const state = t.store.getState().exports;
      expect(sanitizeExportsState(JSON.parse(JSON.stringify(state))).dropped).toBe(0);
      expect(({} as Record<string, unknown>).status).toBeUndefined();
      expect(Object.getPrototypeOf(state.jobs.entities)).toBe(Object.prototype);
      for (const { error } of t.errors) expect(typeof (error as { code?: unknown }).code).toBe('string');
      await t.dispose();
      // What is stored afterwards reads back cleanly.
      const again = makeTestStore({ storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) } });
      await again.ready;
      expect(again.errors).toEqual([]);
      await again.dispose();
    }),
    { numRuns: RUNS },
  );
});

/** A job snapshot with any of its fields replaced by something hostile. */
const hostileSnapshot = fc.record(
  {
    scope: hostile,
    label: fc.oneof(hostile, fc.string({ minLength: 400, maxLength: 2_000 })),
    status: fc.oneof(fc.constantFrom('pending', 'running', 'completed', 'failed', 'cancelled', 'expired', 'weird'), hostile),
    progress: fc.oneof(fc.double(), hostile),
    warnings: fc.oneof(hostile, fc.array(fc.string({ maxLength: 2_000 }), { maxLength: 80 })),
    fileName: hostile,
    size: hostile,
    error: hostile,
    createdAt: hostile,
  },
  { requiredKeys: [] },
);

test('hostile transport answers: typed errors or a valid state, never a throw', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostile, hostileSnapshot), fc.oneof(hostile, hostileSnapshot), hostile, fc.boolean(), async (startAnswer, statusAnswer, cancelAnswer, throwInstead) => {
      const memory = createMemoryTransport();
      const answer = (value: unknown) => async (id: string): Promise<never> => {
        if (throwInstead) throw value;
        return (typeof value === 'object' && value !== null && !Array.isArray(value) ? { id, ...value } : value) as never;
      };
      const transport: ExportTransport = {
        ...memory,
        start: async (req, signal) => {
          const real = await memory.start(req, signal);
          return (typeof startAnswer === 'object' && startAnswer !== null ? { ...real, ...startAnswer, id: real.id } : real) as never;
        },
        getStatus: answer(statusAnswer),
        cancel: answer(cancelAnswer),
      };
      const t = makeTestStore({ transport: transport as never, pollIntervalMs: 5 });
      const result = await t.store.dispatch(startExport({ scope: 'p' }));
      if (startExport.rejected.match(result)) expect(typeof result.payload?.code).toBe('string');
      else {
        t.store.dispatch(jobCompleted({ id: result.payload.id }));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      expect(sanitizeExportsState(JSON.parse(JSON.stringify(t.store.getState().exports))).dropped).toBe(0);
      await t.dispose();
    }),
    { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
  );
});
