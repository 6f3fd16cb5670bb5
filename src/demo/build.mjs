// Builds the demo (src/demo -> dist/demo) with Vite's JS API.
// Used by the browser tests (Jest runs CommonJS; Vite 8 is ESM only, so it runs here).
import { build } from 'vite';

await build({ configFile: new URL('../../vite.config.mts', import.meta.url).pathname, logLevel: 'warn' });
