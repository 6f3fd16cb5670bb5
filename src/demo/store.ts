/**
 * The demo's store: createExportsStore with the HTTP transport on the same
 * origin, persisted to localStorage (redux-persist), Redux DevTools on.
 */
import { createHttpTransport } from '../http';
import { createExportsStore } from '../store';

export const transport = createHttpTransport({ baseUrl: '', download: 'link' });

export const exportsBundle = createExportsStore({
  transport,
  onError: (error, context) => console.warn(`[exports] ${context.phase}${context.jobId ? ` ${context.jobId}` : ''}:`, error),
});

export const { store, ready } = exportsBundle;

declare global {
  interface Window {
    /** For poking at the store from the console (and for the browser tests). */
    __exports?: typeof exportsBundle;
  }
}
window.__exports = exportsBundle;
