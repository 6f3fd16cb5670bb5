/**
 * This library's page: the host app (RTK + redux-persist) with the exports
 * store beside it. Rendered once the exports slice is rehydrated (`ready`),
 * as the demo does (src/demo/main.tsx).
 */
import '../../../../features/exports/react/exportPanel.css';
import { persistor, store } from '../base/store';
import { renderApp } from '../shell/renderApp';
import { ExportsPage } from './ExportsPage';
import { exportsBundle } from './store';

export function mount(): void {
  void exportsBundle.ready.then(() => renderApp(store, persistor, <ExportsPage />));
}
