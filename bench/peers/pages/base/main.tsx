/** The host app alone (RTK + redux-persist + react-redux): what the bundle figures subtract. */
import { SettingsPanel } from '../shell/SettingsPanel';
import { renderApp } from '../shell/renderApp';
import { persistor, store } from './store';

export function mount(): void {
  renderApp(store, persistor, <SettingsPanel />);
}
