// Builds dist/: ESM (bundled per entry, shared chunks), CJS (one file per
// module), and the declarations twice, once per module format, because
// TypeScript reads a .d.ts as ESM or CJS by the nearest package.json "type":
// - dist/cjs/**/*.d.ts beside the CJS files (dist/cjs/package.json: commonjs);
// - dist/esm/types/**/*.d.ts under dist/esm (dist/esm/package.json: module).
// Relative specifiers in the declarations get explicit `.js` / `/index.js`,
// as node16/nodenext ESM resolution requires. The CSS entry gets an empty
// declaration (dist/styles.css.d.ts) so that `import 'redux-export-jobs/styles.css'`
// type-checks under `noUncheckedSideEffectImports`.
// Only what the entries reach is built: the sources come from the ESM build's
// metafile, the types from the entries (tsconfig.build.json lists them), so
// private test helpers never reach dist/ and need no filter.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
const entries = { index: 'src/index.ts', store: 'src/store.ts', react: 'src/react.ts', http: 'src/http.ts', rest: 'src/rest.ts', rtkQuery: 'src/rtkQuery.ts', testing: 'src/testing.ts', server: 'src/server/index.ts' };

for (const dir of ['dist/esm', 'dist/cjs', 'dist/types', 'dist/styles.css.d.ts']) rmSync(dir, { recursive: true, force: true });

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

// `from './x'` -> `from './x.js'` (or './x/index.js'), in every declaration.
const declarations = walk('dist/cjs').filter((file) => file.endsWith('.d.ts'));
for (const file of declarations) {
  const text = readFileSync(file, 'utf8').replace(/((?:from|import\()\s*)(['"])(\.\.?\/[^'"]*)\2/g, (match, head, quote, specifier) => {
    if (/\.(js|json)$/.test(specifier)) return match;
    const target = resolve(dirname(file), specifier);
    if (existsSync(`${target}.d.ts`)) return `${head}${quote}${specifier}.js${quote}`;
    if (existsSync(join(target, 'index.d.ts'))) return `${head}${quote}${specifier}/index.js${quote}`;
    throw new Error(`${file}: cannot resolve ${specifier}`);
  });
  writeFileSync(file, text);
}
for (const file of declarations) {
  const target = join('dist/esm/types', file.slice('dist/cjs/'.length));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
writeFileSync(
  'dist/styles.css.d.ts',
  "// redux-export-jobs/styles.css: a stylesheet, imported for its side effect; it exports nothing.\nexport {};\n",
);
console.log(`dist/ built: esm, cjs, ${declarations.length} declarations for each`);
