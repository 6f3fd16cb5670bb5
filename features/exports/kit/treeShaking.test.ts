/**
 * Every byte of the client entries earns its place: an app on the
 * reference API ships none of the kit, the kit ships none of the SSE
 * reader, and the RTK Query adapter brings no RTK Query code of its own
 * (it calls the app's endpoints). Bundled by esbuild as an app would be.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const external = ['@reduxjs/toolkit', '@reduxjs/toolkit/*', 'redux-persist', 'redux-persist/*', 'react', 'react-redux', 'eventsource-parser'];

/** The files of ours (and the external imports) an app importing `names` from `entry` ships. */
async function shipped(entry: string, names: string[]) {
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from './${entry}';`, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    external,
    metafile: true,
    logLevel: 'silent',
  });
  const { inputs, outputs } = result.metafile;
  const output = Object.values(outputs)[0];
  const kept = Object.keys(output?.inputs ?? {}).filter((file) => (output?.inputs[file]?.bytesInOutput ?? 0) > 0);
  return { files: kept, imports: Object.values(inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)) };
}

test('createHttpTransport alone ships none of the kit', async () => {
  const { files } = await shipped('src/http', ['createHttpTransport']);
  expect(files.some((f) => f.includes('createHttpTransport'))).toBe(true);
  expect(files.filter((f) => f.includes('features/exports/kit/') || f.includes('downloadFile'))).toEqual([]);
});

test('createRestTransport ships no SSE reader', async () => {
  const { files } = await shipped('src/rest', ['createRestTransport']);
  expect(files.some((f) => f.includes('kit/createRestTransport'))).toBe(true);
  expect(files.filter((f) => /sse/i.test(f))).toEqual([]);
});

test('the RTK Query adapter imports no RTK Query code: the app passes its endpoints', async () => {
  const { files, imports } = await shipped('src/rtkQuery', ['createRtkQueryTransport']);
  expect(files.some((f) => f.includes('rtkQuery/createRtkQueryTransport'))).toBe(true);
  expect(imports.filter((path) => path.startsWith('@reduxjs/toolkit'))).toEqual([]);
  expect(files.filter((f) => f.includes('kit/createRestTransport') || /sse/i.test(f))).toEqual([]);
});
