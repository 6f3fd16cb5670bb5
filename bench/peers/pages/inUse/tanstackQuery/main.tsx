/**
 * An app that already uses TanStack Query (for the bundle figure "added when
 * the app already has that data layer"): a QueryClient, its provider, one
 * `useQuery` and one `useMutation`. Persistence and the broadcast client are
 * not in it: the export page adds them. Only bundled, never run.
 */
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';

const queryClient = new QueryClient();

function Profile(): ReactElement {
  const { data } = useQuery({ queryKey: ['profile'], queryFn: async () => (await fetch('/api/profile')).json() as Promise<{ name: string }>, refetchInterval: 60_000 });
  const save = useMutation({ mutationFn: (name: string) => fetch('/api/profile', { method: 'PUT', body: name }) });
  return <button onClick={() => save.mutate('x')}>{data?.name}</button>;
}

export function mount(): void {
  createRoot(document.createElement('div')).render(
    <QueryClientProvider client={queryClient}>
      <Profile />
    </QueryClientProvider>,
  );
}
