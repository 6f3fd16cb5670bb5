/**
 * A browser for React in Node: jsdom's window, document and friends as
 * globals. Imported first (before react-dom), only by the render-isolation
 * child process, so no other row sees these globals.
 */
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'http://localhost/' });
const g = globalThis as Record<string, unknown>;
for (const key of ['window', 'document', 'HTMLElement', 'Element', 'Node', 'Text', 'DocumentFragment', 'Event', 'MouseEvent', 'getComputedStyle'] as const) {
  const value = key === 'window' ? dom.window : (dom.window as unknown as Record<string, unknown>)[key];
  Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
}
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true, writable: true });
g.IS_REACT_ACT_ENVIRONMENT = true;

export const root = dom.window.document.getElementById('root') as unknown as HTMLElement;
