/**
 * The network side of both model-based harnesses (one page, several tabs):
 * faults the memory server answers with, and downloads held open. One
 * arbitrary, so both harnesses draw the same faults.
 */
import fc from 'fast-check';
import { HttpStatusError } from '../errors/HttpStatusError';
import { NetworkError } from '../errors/NetworkError';
import type { MemoryOperation, MemoryTransport } from '../testing/createMemoryTransport';

export type FaultKind = 401 | 503 | 'network' | '429';

/** The next `times` calls of `op` fail with `kind`. */
export interface NetworkFault {
  op: MemoryOperation;
  kind: FaultKind;
  times: number;
}

export const networkFaultArbitrary: fc.Arbitrary<NetworkFault> = fc.record({
  op: fc.constantFrom<MemoryOperation>('getStatus', 'download', 'cancel', 'start', 'subscribe'),
  kind: fc.constantFrom<FaultKind>(401, 503, 'network', '429'),
  times: fc.integer({ min: 1, max: 4 }),
});

export function injectNetworkFault(transport: MemoryTransport, { op, kind, times }: NetworkFault): void {
  const error = kind === 'network' ? new NetworkError() : kind === '429' ? new HttpStatusError(429, { retryAfterMs: 2_000 }) : kind;
  transport.server.failNext(op, error, times);
}

export const networkFaultLabel = ({ op, kind, times }: NetworkFault): string => `NetworkFaults(${op}, ${kind} x${times})`;

/** Downloads wait until released (a slow file), or go on. */
export function holdDownloads(transport: MemoryTransport, hold: boolean): void {
  if (hold) transport.server.holdDownloads();
  else transport.server.releaseDownloads();
}

export const holdDownloadsLabel = (hold: boolean): string => (hold ? 'HoldDownloads' : 'ReleaseDownloads');
