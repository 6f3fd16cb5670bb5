import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerDownloadRoutes } from './downloadRoutes';
import type { Faults, FaultConfig } from './faults';
import type { IdempotencyKeys } from './idempotencyKeys';
import type { JobQueue } from './jobQueue';
import { registerJobRoutes } from './jobRoutes';
import type { JobStore } from './jobStore';
import type { Lifecycle } from './lifecycle';
import * as R from './routeSchemas';
import { registerStartRoute } from './startRoute';

export interface RouteDeps {
  store: JobStore;
  lifecycle: Lifecycle;
  worker: JobQueue;
  faults: Faults;
  dataDir: string;
  secret: Buffer;
  now: () => number;
  linkTtlMs: number;
  maxActivePerClient: number;
  maxBytesPerClient: number;
  maxJobs: number;
  /** Who a request comes from, for the per-client limits and Idempotency-Key (a deployment hook). */
  clientIdentity(request: FastifyRequest): string;
  defaultSize: number;
  maxSizeBytes: number;
  stageDelayMs: number;
  heartbeatMs: number;
  faultsAdmin: boolean;
  publicBaseUrl?: string;
  idempotency: IdempotencyKeys;
  isClosing(): boolean;
  openStreams: Set<() => void>;
}

/** The HTTP API of src/server/README.md: one module per endpoint group, each route with its schema (routeSchemas.ts). */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/api/health', { schema: R.health }, async () => ({ ok: true }));
  registerStartRoute(app, deps);
  registerJobRoutes(app, deps);
  registerDownloadRoutes(app, deps);

  if (deps.faultsAdmin) {
    app.get('/api/_faults', { schema: R.getFaults }, async () => ({ faults: deps.faults.get() }));
    app.post<{ Body: Partial<FaultConfig> | undefined }>('/api/_faults', { schema: R.setFaults }, async (request) => ({
      faults: deps.faults.set(request.body ?? {}),
    }));
  }
}
