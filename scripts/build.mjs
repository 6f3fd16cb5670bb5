// Builds dist/: ESM (bundled per entry, shared chunks), CJS (one file per
// module) and .d.ts. Only what the entries reach is built: the sources come
// from the ESM build's metafile, the types from the entries (tsconfig.build.json
// lists them), so private test helpers never reach dist/ and need no filter.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  'node:*',
  'react/jsx-runtime',
];
const entries = { index: 'src/index.ts', store: 'src/store.ts', react: 'src/react.ts', http: 'src/http.ts', push: 'src/push.ts', rest: 'src/rest.ts', rtkQuery: 'src/rtkQuery.ts', testing: 'src/testing.ts', server: 'src/server/index.ts' };

rmSync('dist/esm', { recursive: true, force: true });
rmSync('dist/cjs', { recursive: true, force: true });
rmSync('dist/types', { recursive: true, force: true });

const esm = await build({
  entryPoints: entries,
  outdir: 'dist/esm',
  metafile: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  jsx: 'automatic',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
writeFileSync('dist/esm/package.json', '{ "type": "module" }\n');

const sources = Object.keys(esm.metafile.inputs).filter((file) => /\.tsx?$/.test(file) && !file.includes('node_modules'));
await build({
  entryPoints: sources,
  outdir: 'dist/cjs',
  outbase: '.',
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'es2022',
  jsx: 'automatic',
  sourcemap: true,
  logLevel: 'warning',
});
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log('dist/ built: esm, cjs, types');
