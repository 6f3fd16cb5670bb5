/**
 * Peer bench, bundle figures: what each export page adds, min+gzip, to the
 * host app (bench/peers/pages/base: RTK + redux-persist + react-redux +
 * React), and what it adds to that app when it already uses the peer's data
 * layer (bench/peers/pages/inUse). Everything is bundled (no externals: the
 * peers' libraries are what is compared), esbuild ESM, es2022, minified,
 * NODE_ENV=production, gzip -9, like the bundle row (bench/rows/bundle.ts).
 * added = gzip(app with the page) - gzip(app without it). CSS not counted.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { mountEntry, peerBuildOptions, ROOT } from './esbuildOptions';

export type PeerName = 'ours' | 'rtkq' | 'tanstack';

export interface BundleFigures {
  /** gzip bytes of the host app alone. */
  base: number;
  /** gzip bytes added to the host app, per page. */
  added: Record<PeerName, number>;
  /** gzip bytes added to the host app that already uses the data layer (RTK Query, TanStack Query). */
  addedOverLayer: Record<'rtkq' | 'tanstack', number>;
  /** Node packages each page brings beyond the host app. */
  packages: Record<PeerName, string[]>;
}

async function gzipOf(pages: string[]): Promise<{ gzip: number; packages: Set<string> }> {
  const result = await build({
    ...peerBuildOptions(),
    stdin: { contents: mountEntry(pages), resolveDir: ROOT, loader: 'js', sourcefile: 'app.js' },
    write: false,
    metafile: true,
    outdir: join(ROOT, 'bench', '.peers-bundle'),
    loader: { '.css': 'empty' },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  if (!js) throw new Error(`bench: esbuild wrote nothing for ${pages.join(' + ')}`);
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return { gzip: gzipSync(js.contents, { level: 9 }).length, packages };
}

export async function measureBundles(): Promise<BundleFigures> {
  const base = await gzipOf(['base']);
  const page = async (name: PeerName, over = ['base']) => {
    const withPage = await gzipOf([...over, name]);
    const without = over.length === 1 ? base : await gzipOf(over);
    return { added: withPage.gzip - without.gzip, packages: [...withPage.packages].filter((p) => !without.packages.has(p)).sort() };
  };
  const ours = await page('ours');
  const rtkq = await page('rtkq');
  const tanstack = await page('tanstack');
  const rtkqOver = await page('rtkq', ['base', 'inUse/rtkQuery']);
  const tanstackOver = await page('tanstack', ['base', 'inUse/tanstackQuery']);
  return {
    base: base.gzip,
    added: { ours: ours.added, rtkq: rtkq.added, tanstack: tanstack.added },
    addedOverLayer: { rtkq: rtkqOver.added, tanstack: tanstackOver.added },
    packages: { ours: ours.packages, rtkq: rtkq.packages, tanstack: tanstack.packages },
  };
}
