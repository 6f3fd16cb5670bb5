/** The TanStack Query peer page: the host app (RTK + redux-persist) with TanStack Query exports added. */
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { persistor, store } from '../base/store';
import { renderApp } from '../shell/renderApp';
import { ExportsPage } from './ExportsPage';
import { persister, persistMaxAgeMs, queryClient } from './queryClient';

export function mount(): void {
  renderApp(
    store,
    persistor,
    <PersistQueryClientProvider client={queryClient} persistOptions={{ persister, maxAge: persistMaxAgeMs }}>
      <ExportsPage />
    </PersistQueryClientProvider>,
  );
}
