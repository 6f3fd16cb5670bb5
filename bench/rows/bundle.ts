/**
 * bundle: min+gzip (level 9) of the package's entries, bundled by esbuild
 * for the browser (ESM, minified, NODE_ENV=production). External: every
 * peer dependency and its subpaths (@reduxjs/toolkit, redux-persist, react,
 * react-redux, the server-only ones) and react-dom. Bundled in: our code
 * and any `dependencies` the entries ship (none since the SSE parser is
 * ours): the figure says which node_modules packages ended up inside.
 *
 * core  = src/index.ts alone: the feature (slice, selectors, listeners,
 *         startExport).
 * store, react, http = what src/store.ts, src/react.ts and src/http.ts each
 *         add for an app that already loads the core: both entries bundled
 *         together with code splitting, the added entry's own output file
 *         (shared code goes to a chunk the core entry loads anyway).
 *         src/react.ts bundled alone is in the note.
 * The note also says what an app ships, tree-shaken, as it uses more of
 * the package, up to a whole app (createExportsStore, the HTTP transport,
 * the React panel): the figure a user pays, whatever the entries.
 * Baseline: bench/baseline/exportHook.ts (core) and BaselinePanel.tsx
 * (react), with the same externals.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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
  target: 'es2022', // the target of the published ESM build (scripts/build.mjs)
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

/** What an app importing only these names ships (esbuild tree-shaking); `from` maps an entry to its names. */
async function picked(from: Imports): Promise<number> {
  const contents = Object.entries(from)
    .map(([entry, names]) => `export { ${names.join(', ')} } from './${entry}';`)
    .join('\n');
  const result = await build({
    ...common(),
    // JavaScript, not TypeScript: a name the entry lacks is an error, not a type re-export that weighs nothing.
    stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: 'app.js' },
    outfile: 'out.js',
  });
  const file = outputs(result).files.find((f) => f.path.endsWith('.js'));
  if (!file) throw new Error('bench: esbuild wrote nothing for the picked imports');
  return gz(file.contents);
}

/** An added entry's own file when it and the core are bundled together with splitting. */
async function overCore(coreEntry: string, entry: string, name: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    ...common(),
    entryPoints: { core: join(ROOT, coreEntry), [name]: join(ROOT, entry) },
    splitting: true,
    outdir: join(ROOT, 'bench', '.esbuild-out'),
    entryNames: '[name]',
  });
  const file = outputs(result).files.find((f) => basename(f.path) === `${name}.js`);
  if (!file) throw new Error(`bench: no ${name}.js output`);
  return { min: file.contents.length, gzip: gz(file.contents) };
}

type Imports = Record<string, string[]>;

/** What an app imports, step by step (entry to names): each layer adds these to the ones before. */
const LAYERS: Array<[string, Imports]> = [
  ['slice + selectors', { 'src/index': ['exportsSlice', 'selectJobsByScope', 'selectDownloadByJobId'] }],
  ['+ registerExportsListeners, startExport', { 'src/index': ['registerExportsListeners', 'startExport'] }],
  ['+ exportsPersistConfig, browserTabCoordinator (store entry)', { 'src/store': ['exportsPersistConfig', 'browserTabCoordinator'] }],
  ['+ createExportsStore', { 'src/store': ['createExportsStore'] }],
  ['+ createHttpTransport', { 'src/http': ['createHttpTransport'] }],
  ['+ ExportProgressPanel, ExportButton (react entry)', { 'src/react': ['ExportProgressPanel', 'ExportButton'] }],
];

/** `into` with the names of `more` added, entry by entry. */
function merge(into: Imports, more: Imports): Imports {
  const out: Imports = { ...into };
  for (const [entry, names] of Object.entries(more)) out[entry] = [...(out[entry] ?? []), ...names];
  return out;
}

export async function runBundle(): Promise<RowResult> {
  const core = await single('src/index.ts');
  const store = await overCore('src/index.ts', 'src/store.ts', 'store');
  const http = await overCore('src/index.ts', 'src/http.ts', 'http');
  const httpPackages = (await single('src/http.ts')).packages;
  const reactAlone = await single('src/react.ts');
  const react = await overCore('src/index.ts', 'src/react.ts', 'react');
  const baseCore = await single('bench/baseline/exportHook.ts');
  const baseReact = await overCore('bench/baseline/exportHook.ts', 'bench/baseline/BaselinePanel.tsx', 'react');
  const layers: string[] = [];
  let previous = 0;
  let imports: Imports = {};
  for (const [name, added] of LAYERS) {
    imports = merge(imports, added);
    const size = await picked(imports);
    layers.push(`${name} ${previous === 0 ? fmtBytes(size) : `+${fmtBytes(size - previous)}`}`);
    previous = size;
  }
  // Each push adapter (src/push.ts), tree-shaken, over the whole app above.
  const pushAdded: string[] = [];
  for (const name of ['eventEmitterPush', 'webSocketPush', 'ssePush']) {
    pushAdded.push(`${name} +${fmtBytes((await picked(merge(imports, { 'src/push': [name] }))) - previous)}`);
  }
  // The backend kit (src/rest.ts) and the RTK Query adapter (src/rtkQuery.ts) in place of createHttpTransport:
  // the same whole app with that one import swapped (issue 15's figure).
  const withoutHttp: Imports = Object.fromEntries(Object.entries(imports).filter(([entry]) => entry !== 'src/http'));
  const kitAdded: string[] = [];
  for (const [label, more] of [
    ['createRestTransport', { 'src/rest': ['createRestTransport'] }],
    ['createRestTransport + mapStatus + requestReply', { 'src/rest': ['createRestTransport', 'mapStatus', 'requestReply'] }],
    ['createRtkQueryTransport', { 'src/rtkQuery': ['createRtkQueryTransport'] }],
  ] as Array<[string, Imports]>) {
    kitAdded.push(`${label} ${fmtBytes(await picked(merge(withoutHttp, more)))}`);
  }
  // What checking transport answers and stored state costs: the readers (jsonShape, jobShape, readPersisted), bundled alone.
  const validation = await picked({
    'features/exports/shapes/parseJobSnapshot': ['parseJobSnapshot'],
    'features/exports/persistence/readPersisted': ['readPersistedJob', 'readPersistedRecord'],
  });
  const ok = core.gzip <= CORE_LIMIT && react.gzip <= REACT_LIMIT;
  const shipped = core.packages.length > 0 ? core.packages.join(', ') : 'none';
  return {
    row: 'bundle (min+gzip)',
    ours: `core ${fmtBytes(core.gzip)}, store +${fmtBytes(store.gzip)}, react +${fmtBytes(react.gzip)}, http +${fmtBytes(http.gzip)}`,
    baseline: `hook ${fmtBytes(baseCore.gzip)}, panel +${fmtBytes(baseReact.gzip)}`,
    ratio: `core ${fmtRatio(core.gzip, baseCore.gzip)}, react ${fmtRatio(react.gzip, baseReact.gzip)}`,
    goal: 'core <= 8 KB, react <= 4 KB',
    met: ok ? 'yes' : 'no',
    note:
      `bundle: esbuild ESM, es2022, minified, gzip -9; peers external (${externals().filter((e) => !e.endsWith('/*')).join(', ')}). ` +
      `core = src/index.ts, whole (${fmtBytes(core.min)} min; from node_modules: ${shipped}); ${core.gzip <= CORE_LIMIT ? `${CORE_LIMIT - core.gzip} B under` : `${core.gzip - CORE_LIMIT} B over`} its 8 KB goal. ` +
      `store, react and http = what src/store.ts, src/react.ts and src/http.ts add to it (bundled together, code splitting)` +
      `${httpPackages.length > 0 ? `; http brings ${httpPackages.filter((p) => !core.packages.includes(p)).join(', ') || 'nothing new'} from node_modules` : ''}. ` +
      `src/react.ts bundled alone: ${fmtBytes(reactAlone.min)} min, ${fmtBytes(reactAlone.gzip)} gzip. ` +
      `Tree-shaken, what an app ships as it uses more of the package: ${layers.join('; ')}; a whole app: ${fmtBytes(previous)}. ` +
      `Push adapters over that app (src/push.ts, each alone): ${pushAdded.join(', ')}. ` +
      `The same app with the backend kit in place of createHttpTransport: ${kitAdded.join('; ')}. ` +
      `Checking transport answers and stored state (the readers in jsonShape, jobShape and readPersisted, bundled alone) is ${fmtBytes(validation)}. ` +
      'The panel\'s CSS (features/exports/react/exportPanel.css) is not counted.',
  };
}
