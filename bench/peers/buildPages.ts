/**
 * Builds the three export pages for the browser (esbuild, the options of
 * esbuildOptions.ts) into bench/.peers-out/<page>/ (app.js, app.css,
 * index.html), where the peer server serves them at /<page>/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { mountEntry, peerBuildOptions, ROOT } from './esbuildOptions';
import type { PeerName } from './bundle';

export const PAGES_OUT = join(ROOT, 'bench', '.peers-out');

const html = (page: string): string =>
  `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${page} export page</title><link rel="stylesheet" href="./app.css"></head>\n` +
  `<body><div id="root"></div><script type="module" src="./app.js"></script></body>\n</html>\n`;

export async function buildPages(pages: readonly PeerName[]): Promise<void> {
  rmSync(PAGES_OUT, { recursive: true, force: true });
  for (const page of pages) {
    const outdir = join(PAGES_OUT, page);
    mkdirSync(outdir, { recursive: true });
    await build({
      ...peerBuildOptions(),
      stdin: { contents: mountEntry([page]), resolveDir: ROOT, loader: 'js', sourcefile: 'app.js' },
      outdir,
      entryNames: 'app',
      write: true,
    });
    // Pages without CSS of their own still get the file the HTML links.
    try {
      writeFileSync(join(outdir, 'app.css'), '', { flag: 'wx' });
    } catch {
      /* written by esbuild */
    }
    writeFileSync(join(outdir, 'index.html'), html(page));
  }
}
