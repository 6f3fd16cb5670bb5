/**
 * bundle: min+gzip (level 9) of the package's entries, bundled by esbuild
 * for the browser (ESM, minified, NODE_ENV=production). External: every
 * peer dependency and its subpaths (@reduxjs/toolkit, redux-persist, react,
 * react-redux, the server-only ones) and react-dom. Bundled in: our code
 * and the `dependencies` the core ships (valibot, eventsource-parser): the
 * figure says which node_modules packages ended up inside.
 *
 * core  = src/index.ts alone.
 * react = what src/react.ts adds for an app that already loads the core:
 *         both entries bundled together with code splitting, the react
 *         entry's own output file (shared code goes to a chunk the core
 *         entry loads anyway). src/react.ts bundled alone is in the note.
 * Baseline: bench/baseline/exportHook.ts (core) and BaselinePanel.tsx
 * (react), with the same externals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BuildOptions, Metafile, OutputFile } from 'esbuild';
import { fmtBytes, fmtRatio } from '../lib/stats';
import type { RowResult } from './common';

const ROOT = join(__dirname, '..', '..');
const CORE_LIMIT = 8 * 1024;
const REACT_LIMIT = 4 * 1024;

function externals(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
  const names = [...Object.keys(pkg.peerDependencies ?? {}), 'react-dom'];
  return names.flatMap((name) => [name, `${name}/*`]);
}

const gz = (text: Uint8Array | string): number => gzipSync(text, { level: 9 }).length;

/** The node_modules packages whose code is in the output. */
function bundledPackages(metafile: Metafile): string[] {
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return [...packages].sort();
}

/** The output files and metafile of a build (we always ask for both). */
function outputs(result: { outputFiles?: OutputFile[]; metafile?: Metafile }): { files: OutputFile[]; metafile: Metafile } {
  if (!result.outputFiles || !result.metafile) throw new Error('bench: esbuild returned no output files or metafile');
  return { files: result.outputFiles, metafile: result.metafile };
}

const common = (): BuildOptions => ({
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  write: false,
  metafile: true,
  legalComments: 'none',
  external: externals(),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
  absWorkingDir: ROOT,
});

async function single(entry: string): Promise<{ min: number; gzip: number; packages: string[] }> {
  const { files, metafile } = outputs(await build({ ...common(), entryPoints: [join(ROOT, entry)], outfile: 'out.js' }));
  const file = files.find((f) => f.path.endsWith('.js'));
  if (!file) throw new Error(`bench: esbuild wrote nothing for ${entry}`);
  return { min: file.contents.length, gzip: gz(file.contents), packages: bundledPackages(metafile) };
}

/** What an app importing only `names` from the core entry ships (esbuild tree-shaking). */
async function picked(names: string[]): Promise<number> {
  const result = await build({
    ...common(),
    stdin: { contents: `export { ${names.join(', ')} } from './src/index';`, resolveDir: ROOT, loader: 'ts', sourcefile: 'app.ts' },
    outfile: 'out.js',
  });
  const file = outputs(result).files.find((f) => f.path.endsWith('.js'));
  if (!file) throw new Error('bench: esbuild wrote nothing for the picked imports');
  return gz(file.contents);
}

/** The react entry's own file when both entries are bundled together with splitting. */
async function reactOverCore(coreEntry: string, reactEntry: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    ...common(),
    entryPoints: { core: join(ROOT, coreEntry), react: join(ROOT, reactEntry) },
    splitting: true,
    outdir: join(ROOT, 'bench', '.esbuild-out'),
    entryNames: '[name]',
  });
  const file = outputs(result).files.find((f) => /[\\/]react\.js$/.test(f.path));
  if (!file) throw new Error('bench: no react.js output');
  return { min: file.contents.length, gzip: gz(file.contents) };
}

export async function runBundle(): Promise<RowResult> {
  const core = await single('src/index.ts');
  const reactAlone = await single('src/react.ts');
  const react = await reactOverCore('src/index.ts', 'src/react.ts');
  const baseCore = await single('bench/baseline/exportHook.ts');
  const baseReact = await reactOverCore('bench/baseline/exportHook.ts', 'bench/baseline/BaselinePanel.tsx');
  const withHttp = await picked(['createExportsStore', 'startExport', 'createHttpTransport']);
  const ownTransport = await picked(['createExportsStore', 'startExport']);
  const ok = core.gzip <= CORE_LIMIT && react.gzip <= REACT_LIMIT;
  const shipped = core.packages.length > 0 ? core.packages.join(', ') : 'none';
  return {
    row: 'bundle (min+gzip)',
    ours: `core ${fmtBytes(core.gzip)}, react +${fmtBytes(react.gzip)}`,
    baseline: `hook ${fmtBytes(baseCore.gzip)}, panel +${fmtBytes(baseReact.gzip)}`,
    ratio: `core ${fmtRatio(core.gzip, baseCore.gzip)}, react ${fmtRatio(react.gzip, baseReact.gzip)}`,
    goal: 'core <= 8 KB, react <= 4 KB',
    met: ok ? 'yes' : 'no',
    note:
      `bundle: esbuild ESM, minified, gzip -9; peers external (${externals().filter((e) => !e.endsWith('/*')).join(', ')}). ` +
      `Bundled into core from node_modules: ${shipped}. Core ${fmtBytes(core.min)} min; react entry alone (with the core code it uses) ${fmtBytes(reactAlone.min)} min, ${fmtBytes(reactAlone.gzip)} gzip` +
      `${reactAlone.packages.length > 0 ? ` (node_modules: ${reactAlone.packages.join(', ')})` : ''}. ` +
      `Tree-shaken, an app importing { createExportsStore, startExport, createHttpTransport } ships ${fmtBytes(withHttp)}; with its own transport ({ createExportsStore, startExport }) ${fmtBytes(ownTransport)}. The panel's CSS (features/exports/react/exportPanel.css) is not counted.`,
  };
}
