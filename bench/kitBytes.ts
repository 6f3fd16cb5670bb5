/**
 * What the transport kit costs, min+gzip, built as the bench's bundle row
 * builds (bench/rows/bundle.ts: esbuild ESM, es2022, minified, gzip -9,
 * peers external): `npx tsx bench/kitBytes.ts`. Each line is what an app
 * importing those names ships, tree-shaken. README "What the kit costs"
 * quotes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
const external = [...Object.keys(pkg.peerDependencies ?? {}), 'react-dom'].flatMap((name) => [name, `${name}/*`]);

async function shipped(contents: string): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('kitBytes: esbuild wrote nothing');
  return gzipSync(file.contents, { level: 9 }).length;
}

const core = "export * from './src/index';";
const ROWS: Array<[string, string]> = [
  ['the core (src/index.ts, whole)', core],
  ['createHttpTransport alone', "export { createHttpTransport } from './src/http';"],
  ['the core + createHttpTransport', `${core} export { createHttpTransport } from './src/http';`],
  ['createRestTransport alone', "export { createRestTransport } from './src/rest';"],
  ['the core + createRestTransport', `${core} export { createRestTransport } from './src/rest';`],
  ['the core + createRestTransport, mapStatus, requestReply', `${core} export { createRestTransport, mapStatus, requestReply } from './src/rest';`],
  ['the core + createRtkQueryTransport', `${core} export { createRtkQueryTransport } from './src/rtkQuery';`],
  ['downloadFile alone', "export { downloadFile } from './src/rest';"],
];

void (async () => {
  for (const [name, contents] of ROWS) console.log(`${name}: ${await shipped(contents)} B`);
})();
