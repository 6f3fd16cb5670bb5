/**
 * `redux-export-jobs/testing`: helpers for your own tests.
 */
export { createMemoryTransport } from '../features/exports/testkit/createMemoryTransport';
export type {
  MemoryCalls,
  MemoryDownloads,
  MemoryOperation,
  MemoryServer,
  MemoryTransport,
  MemoryTransportOptions,
} from '../features/exports/testkit/createMemoryTransport';
export type { DeliveryFate } from '../features/exports/testkit/memoryDeliveries';
export { createMemoryStorage } from '../features/exports/persistence/memoryStorage';
