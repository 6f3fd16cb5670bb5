#!/usr/bin/env node
// `npm start`: builds the demo when it is stale (and a Vite config exists),
// then runs the reference export server (src/server/main.ts) with tsx.
//   PORT (8787), HOST (127.0.0.1), EXPORT_FAULTS, EXPORT_STAGE_DELAY_MS: see src/server/main.ts
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const demoSrc = join(root, 'src', 'demo');
const demoOut = join(root, 'dist', 'demo');
const viteConfig = join(root, 'vite.config.mts');

/** Newest modification time under a folder (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

if (existsSync(join(demoSrc, 'index.html'))) {
  if (!existsSync(viteConfig)) {
    console.log('start: src/demo exists but vite.config.mts does not; serving the API only');
  } else {
    const built = existsSync(join(demoOut, 'index.html')) ? newest(demoOut) : 0;
    const sources = Math.max(newest(demoSrc), newest(join(root, 'features')), newest(join(root, 'src', 'react.ts')), newest(viteConfig));
    if (built === 0 || sources > built) {
      console.log('start: building the demo (vite build)...');
      const result = spawnSync(npx, ['vite', 'build', '--config', viteConfig], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) {
        console.error('start: the demo build failed; serving the API only');
      }
    }
  }
}

// tsx's CLI run directly by this Node (fewer wrapper processes, signals reach the server); npx as a fallback.
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const [command, args] = existsSync(tsxCli)
  ? [process.execPath, [tsxCli, join('src', 'server', 'main.ts')]]
  : [npx, ['tsx', join('src', 'server', 'main.ts')]];
const child = spawn(command, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DEMO_DIR: process.env.DEMO_DIR ?? demoOut },
});
// The server prints its URL itself (`redux-export-jobs server listening on http://127.0.0.1:8787`).
// Ctrl-C reaches the whole process group; a plain `kill` reaches only us: pass it on as SIGTERM
// (tsx relays SIGTERM reliably), the server shuts down gracefully either way.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill('SIGTERM'));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
