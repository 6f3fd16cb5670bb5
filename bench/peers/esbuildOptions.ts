/**
 * The esbuild options every peer-bench build shares (the bundle figures and
 * the pages the browser loads): ESM for the browser, es2022, minified,
 * NODE_ENV=production, no externals, CSS emitted beside the JS (loaded by
 * the page, not counted by the figures).
 *
 * One copy of @tanstack/query-core: the lock holds 5.104.x under the
 * persister and broadcast packages and 5.108.4 under @tanstack/react-query;
 * an app would dedupe them (npm dedupe, or aligned versions), so every
 * import resolves to react-query's copy.
 */
import { join } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

export const ROOT = join(__dirname, '..', '..');

const oneQueryCore: Plugin = {
  name: 'one-query-core',
  setup(build) {
    build.onResolve({ filter: /^@tanstack\/query-core$/ }, async (args) => {
      if (args.pluginData === 'one-query-core') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: join(ROOT, 'node_modules', '@tanstack', 'react-query'),
        pluginData: 'one-query-core',
      });
      return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
    });
  },
};

export const peerBuildOptions = (): BuildOptions => ({
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
  absWorkingDir: ROOT,
  plugins: [oneQueryCore],
});

/** An entry that calls a page's `mount()` (the package's `sideEffects` field would drop a bare import). */
export const mountEntry = (pages: string[]): string =>
  pages.map((page, i) => `import { mount as mount${i} } from './bench/peers/pages/${page}/main';\nmount${i}();`).join('\n');
