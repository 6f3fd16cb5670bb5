/**
 * The network side of both model-based harnesses (one page, several tabs):
 * faults the memory server answers with, and downloads held open. Each is
 * a `NetworkEvent` (what it does to the transport, and its name in a
 * shrunk sequence), so each harness needs one command class to run them.
 */
import fc from 'fast-check';
import { HttpStatusError } from '../errors/HttpStatusError';
import { NetworkError } from '../errors/NetworkError';
import type { MemoryOperation, MemoryTransport } from '../testing/createMemoryTransport';

export interface NetworkEvent {
  label: string;
  apply(transport: MemoryTransport): void;
}

type FaultKind = 401 | 503 | 'network' | '429';

/** The next 1..4 calls of one transport operation fail: HTTP 401, 503, 429 with Retry-After, or no network. */
export const networkFaultArbitrary: fc.Arbitrary<NetworkEvent> = fc
  .record({
    op: fc.constantFrom<MemoryOperation>('getStatus', 'download', 'cancel', 'start', 'subscribe'),
    kind: fc.constantFrom<FaultKind>(401, 503, 'network', '429'),
    times: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ op, kind, times }) => ({
    label: `NetworkFaults(${op}, ${kind} x${times})`,
    apply(transport) {
      const error = kind === 'network' ? new NetworkError() : kind === '429' ? new HttpStatusError(429, { retryAfterMs: 2_000 }) : kind;
      transport.server.failNext(op, error, times);
    },
  }));

/** Downloads wait until released (a slow file), or go on. */
export const holdDownloadsArbitrary: fc.Arbitrary<NetworkEvent> = fc.boolean().map((hold) => ({
  label: hold ? 'HoldDownloads' : 'ReleaseDownloads',
  apply(transport) {
    if (hold) transport.server.holdDownloads();
    else transport.server.releaseDownloads();
  },
}));
