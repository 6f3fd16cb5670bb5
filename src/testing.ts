/**
 * `redux-export-jobs/testing`: helpers for your own tests.
 */
export { createMemoryTransport } from '../features/exports/testing/createMemoryTransport';
export type {
  MemoryCalls,
  MemoryDownloads,
  MemoryOperation,
  MemoryServer,
  MemoryTransport,
  MemoryTransportOptions,
} from '../features/exports/testing/createMemoryTransport';
export { createMemoryStorage } from '../features/exports/persistence/safeStorage';
