import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import '../../features/exports/react/exportPanel.css';
import './demo.css';
import { App } from './App';
import { ready, store } from './store';

const root = createRoot(document.getElementById('root')!);
root.render(<p className="demo-loading">Loading…</p>);

// Nothing renders (and no side effect starts) before the slice is rehydrated.
void ready.then(() => {
  root.render(
    <StrictMode>
      <Provider store={store}>
        <App />
      </Provider>
    </StrictMode>,
  );
});
