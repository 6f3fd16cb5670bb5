/**
 * Mounts a page: StrictMode, the app's react-redux Provider and redux-persist's
 * PersistGate (nothing renders before REHYDRATE, as redux-persist's README
 * recommends for React).
 */
import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import type { Store } from 'redux';
import type { Persistor } from 'redux-persist';
import { PersistGate } from 'redux-persist/integration/react';

export function renderApp(store: Store, persistor: Persistor, children: ReactNode): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <Provider store={store}>
        <PersistGate loading={null} persistor={persistor}>
          {children}
        </PersistGate>
      </Provider>
    </StrictMode>,
  );
}
