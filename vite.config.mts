import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The demo app (src/demo), built into dist/demo, which the reference server
 * serves at `/` next to its API (`npm start`). No React plugin: Vite 8's own
 * transform compiles the TSX with the automatic JSX runtime.
 */
export default defineConfig({
  root: here('./src/demo'),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('./dist/demo'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npx vite` for UI work: the API from a running `npm start`.
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
});
