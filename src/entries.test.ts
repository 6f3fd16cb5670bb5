/**
 * The package's entries: the core never imports React (apps without React
 * ship none of it) nor the HTTP transport (apps with their own transport
 * ship none of that), no client entry brings valibot, and every entry
 * builds on its own.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const external = ['@reduxjs/toolkit', 'redux-persist', 'react', 'react-dom', 'react-redux', 'react/jsx-runtime', 'fastify', '@fastify/static', 'yazl', 'valibot'];

async function bundleOf(entry: string) {
  return build({
    entryPoints: [join(__dirname, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: entry.startsWith('server') ? 'node' : 'browser',
    external,
    metafile: true,
    logLevel: 'silent',
  });
}

async function importsOf(entry: string): Promise<string[]> {
  const result = await bundleOf(entry);
  return Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
}

test('the core entry imports no React', async () => {
  const imports = await importsOf('index.ts');
  expect(imports).toContain('@reduxjs/toolkit');
  expect(imports.filter((path) => /^react(-dom|-redux)?(\/|$)/.test(path))).toEqual([]);
});

test('the react entry brings React in, the testing entry does not', async () => {
  expect(await importsOf('react.ts')).toEqual(expect.arrayContaining(['react', 'react-redux']));
  expect((await importsOf('testing.ts')).filter((path) => path.startsWith('react'))).toEqual([]);
});

const filesOf = async (entry: string): Promise<string[]> => Object.keys((await bundleOf(entry)).metafile.inputs);

test('the HTTP transport and its SSE parser are in the http entry, not in the core', async () => {
  expect((await filesOf('index.ts')).filter((file) => file.includes('sseParser'))).toEqual([]);
  expect(await filesOf('http.ts')).toContain('features/exports/http/sseParser.ts');
  const core = await import('./index');
  expect(Object.keys(core)).not.toContain('createHttpTransport');
  expect(typeof (await import('./http')).createHttpTransport).toBe('function');
});

test('no entry an app ships brings a schema library: valibot is for the server alone', async () => {
  for (const entry of ['index.ts', 'http.ts', 'react.ts', 'testing.ts']) {
    expect({ entry, valibot: (await importsOf(entry)).includes('valibot') }).toEqual({ entry, valibot: false });
  }
  expect(await importsOf('server/index.ts')).toContain('valibot');
});

test('persistence, tab coordination and createExportsStore are the store entry, not the core', async () => {
  const core = Object.keys(await import('./index'));
  const store = Object.keys(await import('./store'));
  for (const name of ['createExportsStore', 'exportsPersistConfig', 'browserTabCoordinator', 'createTabCoordinator']) {
    expect({ name, core: core.includes(name), store: store.includes(name) }).toEqual({ name, core: false, store: true });
  }
  expect(core).toEqual(expect.arrayContaining(['exportsSlice', 'registerExportsListeners', 'startExport', 'selectJobsByScope']));
});

test('the package has no runtime dependency: what an app ships is ours and its own peers', async () => {
  const pkg = (await import('../package.json')) as { dependencies?: Record<string, string> };
  expect(pkg.dependencies ?? {}).toEqual({});
  for (const entry of ['index.ts', 'http.ts', 'react.ts', 'store.ts']) {
    expect({ entry, fromNodeModules: (await filesOf(entry)).filter((file) => file.includes('node_modules')) }).toEqual({ entry, fromNodeModules: [] });
  }
});
