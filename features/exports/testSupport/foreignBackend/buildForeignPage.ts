/** Bundles the foreign backend's test page (page/main.tsx) with esbuild, in memory: its files by URL path. */
import { join } from 'node:path';
import { build } from 'esbuild';

const HTML = '<!doctype html><html><head><meta charset="utf-8"><title>Foreign backend</title><link rel="stylesheet" href="/page.css"></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>';

export async function buildForeignPage(): Promise<Record<string, { type: string; body: string }>> {
  const result = await build({
    entryPoints: [join(__dirname, 'page', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    outdir: '/out',
    entryNames: 'page',
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  const files: Record<string, { type: string; body: string }> = { '/': { type: 'text/html; charset=utf-8', body: HTML } };
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.js')) files['/page.js'] = { type: 'text/javascript; charset=utf-8', body: file.text };
    if (file.path.endsWith('.css')) files['/page.css'] = { type: 'text/css; charset=utf-8', body: file.text };
  }
  return files;
}
