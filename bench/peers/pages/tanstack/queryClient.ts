/**
 * The TanStack Query peer's client, as its docs recommend for persistence
 * and tabs: `gcTime` at least the persister's `maxAge` (24 h), the sync
 * storage persister over localStorage, and `broadcastQueryClient` so the
 * tabs' caches follow each other. Restoring and saving happen in
 * `PersistQueryClientProvider` (main.tsx).
 */
import { QueryClient } from '@tanstack/react-query';
import { broadcastQueryClient } from '@tanstack/query-broadcast-client-experimental';
import { createSyncStoragePersister } from '@tanstack/query-sync-storage-persister';

const DAY_MS = 24 * 60 * 60 * 1000;

export const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: DAY_MS } } });

export const persister = createSyncStoragePersister({ storage: window.localStorage, key: 'tanstack-app:cache' });

export const persistMaxAgeMs = DAY_MS;

// The lock holds another @tanstack/query-core under the broadcast client (5.104.0) than under
// react-query (5.108.4): the same API, but TypeScript sees two QueryClient classes.
type BroadcastClient = Parameters<typeof broadcastQueryClient>[0]['queryClient'];
broadcastQueryClient({ queryClient: queryClient as unknown as BroadcastClient, broadcastChannel: 'tanstack-app' });
