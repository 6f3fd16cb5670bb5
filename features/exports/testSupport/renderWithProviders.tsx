/**
 * `renderWithProviders`: a fresh store per test (memory transport, no
 * persistence unless asked), wrapped in a react-redux Provider.
 */
import { act, render } from '@testing-library/react';
import type { RenderOptions, RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { StrictMode } from 'react';
import { Provider } from 'react-redux';
import { createExportsStore } from '../../../store/createExportsStore';
import type { CreateExportsStoreOptions, ExportsAppStore, ExportsStoreBundle } from '../../../store/createExportsStore';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import type { MemoryTransport, MemoryTransportOptions } from '../testkit/createMemoryTransport';

export interface RenderWithProvidersOptions extends Omit<RenderOptions, 'wrapper' | 'queries'> {
  transport?: MemoryTransport;
  transportOptions?: MemoryTransportOptions;
  storeOptions?: Partial<CreateExportsStoreOptions>;
  strict?: boolean;
}

export interface RenderWithProvidersResult extends RenderResult {
  store: ExportsAppStore;
  bundle: ExportsStoreBundle<ExportsAppStore>;
  transport: MemoryTransport;
}

const bundles: Array<ExportsStoreBundle<ExportsAppStore>> = [];

/** Makes a store with a memory transport (push channel on by default, fast polling). */
export function makeTestStore(options: { transport?: MemoryTransport; transportOptions?: MemoryTransportOptions; storeOptions?: Partial<CreateExportsStoreOptions> } = {}) {
  const transport = options.transport ?? createMemoryTransport({ push: true, ...options.transportOptions });
  const bundle = createExportsStore({
    transport,
    storage: false,
    devTools: false,
    pollIntervalMs: 10,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...options.storeOptions,
  });
  bundles.push(bundle);
  return { bundle, store: bundle.store, transport };
}

export function renderWithProviders(ui: ReactElement, options: RenderWithProvidersOptions = {}): RenderWithProvidersResult {
  const { transport: given, transportOptions, storeOptions, strict = false, ...renderOptions } = options;
  const { bundle, store, transport } = makeTestStore({ transport: given, transportOptions, storeOptions });
  const Wrapper = ({ children }: { children: React.ReactNode }): ReactElement =>
    strict ? (
      <StrictMode>
        <Provider store={store}>{children}</Provider>
      </StrictMode>
    ) : (
      <Provider store={store}>{children}</Provider>
    );
  const result: RenderResult = render(ui, { ...renderOptions, wrapper: Wrapper });
  return { ...result, store, bundle, transport };
}

/** Disposes every store made since the last call (for afterEach). */
export async function disposeTestStores(): Promise<void> {
  const all = bundles.splice(0);
  await Promise.all(all.map((bundle) => bundle.dispose()));
}

/** Lets microtasks, timers and RTK's batched notifications run, inside act. */
export async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

/** Waits, inside act, until `check` holds (bounded). */
export async function until(check: () => boolean, { timeout = 2_000, what = 'condition' } = {}): Promise<void> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await settle(10);
  }
}
