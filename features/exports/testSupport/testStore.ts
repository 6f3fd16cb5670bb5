/**
 * Test helpers of our own suites: a fresh store over a memory transport,
 * and ways to let async work settle with real or fake timers.
 */
import { createExportsStore } from '../../../store/createExportsStore';
import type { CreateExportsStoreOptions } from '../../../store/createExportsStore';
import { startExport } from '../engine/startExport';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { MemoryTransport, MemoryTransportOptions } from '../testkit/createMemoryTransport';

export function makeTestStore(
  options: Partial<CreateExportsStoreOptions> & { transportOptions?: MemoryTransportOptions } = {},
) {
  const transport = (options.transport as MemoryTransport | undefined) ?? createMemoryTransport(options.transportOptions);
  const errors: Array<{ error: unknown; phase: string }> = [];
  const bundle = createExportsStore({
    storage: false,
    devTools: false,
    random: () => 1,
    onError: (error, context) => errors.push({ error, phase: context.phase }),
    ...options,
    transport,
  });
  return { ...bundle, transport, errors };
}

/** Starts an export through the public thunk; returns the job id, or throws with the rejection. */
export async function startJob(t: Pick<ReturnType<typeof makeTestStore>, 'store'>, scope = 'p'): Promise<string> {
  const result = await t.store.dispatch(startExport({ scope }));
  if (!startExport.fulfilled.match(result)) throw new Error(`start failed: ${JSON.stringify(result.payload)}`);
  return result.payload.id;
}

/** Lets promises and zero-delay timers run (real timers). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Lets promises run under jest fake timers without moving the clock. */
export async function settleFake(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
