/**
 * This library's page: its own store from `createExportsStore` with the
 * HTTP transport on the same origin (README "Or let it make the store"),
 * persisted to localStorage, tabs coordinated (the defaults).
 */
import { createHttpTransport } from '../../../../src/http';
import { createExportsStore } from '../../../../src/store';

export const exportsBundle = createExportsStore({ transport: createHttpTransport({ baseUrl: '' }), devTools: false });
