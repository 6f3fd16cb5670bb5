// A fresh consumer project: the packed tarball and only the peers, at the
// versions of our lock (transitive ones too, see consumerLock.mjs),
// installed with `npm ci --offline` from the npm cache. One install serves
// every compile mode and every runtime check. The caller has built dist/
// (the pack skips `prepack`, which builds for `npm publish`).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerLock } from './consumerLock.mjs';
import { runOrThrow } from './exec.mjs';

// The peers an app installs (the React ones with their types), the server's
// optional peers (the `./server` entry needs them), and the type packages
// the README's blocks use (Node and Jest globals).
const PEERS = [
  '@reduxjs/toolkit', 'redux-persist', 'react', 'react-dom', 'react-redux', '@types/react',
  'fastify', '@fastify/static', 'valibot', 'yazl',
  '@types/node', '@types/jest',
];

export function lockVersion(lock, name) {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

export function packInto(repo, dir) {
  const [info] = JSON.parse(runOrThrow('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: repo }).stdout);
  return { tarball: join(dir, info.filename), files: info.files.map((file) => file.path) };
}

export function createConsumer(repo) {
  const dir = mkdtempSync(join(tmpdir(), 'rej-consumer-'));
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const packed = packInto(repo, dir);
  const direct = Object.fromEntries(PEERS.map((name) => [name, lockVersion(lock, name)]));
  const cut = consumerLock({ lock, pkg, tarball: packed.tarball, direct });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(cut.packageJson, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(cut.lock, null, 2));
  const install = runOrThrow('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'warn'], { cwd: dir });
  const specs = Object.entries(direct).map(([name, version]) => `${name}@${version}`);
  return { dir, ...packed, specs, installed: Object.keys(cut.lock.packages).length - 1, installLog: install.output, installMs: install.ms };
}
