/** The RTK Query peer page: the host app with RTK Query exports added. */
import { renderApp } from '../shell/renderApp';
import { ExportsPage } from './ExportsPage';
import { persistor, store } from './store';

export function mount(): void {
  renderApp(store, persistor, <ExportsPage />);
}
