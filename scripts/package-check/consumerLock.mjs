// The consumer's package-lock.json, cut from ours: the packages its direct
// dependencies reach, at the paths and versions our lock has, plus the
// tarball. So `npm ci --offline` installs it from the npm cache alone (our
// own `npm ci` filled it), with no registry request and the exact versions
// our tests ran against, transitive ones included.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

// Where Node would find `name` for the package at `from`: nested first, then up.
function resolveIn(lock, from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

export function consumerLock({ lock, pkg, tarball, direct }) {
  const packages = {};
  const queue = [];
  const want = (from, deps, optional) => {
    for (const name of Object.keys(deps ?? {})) {
      const path = resolveIn(lock, from, name);
      if (!path) {
        if (optional) continue;
        throw new Error(`${from || 'the consumer'} needs ${name}, which is not in package-lock.json`);
      }
      if (packages[path]) continue;
      const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[path];
      packages[path] = entry;
      queue.push(path);
    }
  };
  want('', direct, false);
  want('', pkg.dependencies, false);
  while (queue.length) {
    const path = queue.shift();
    const entry = lock.packages[path];
    want(path, entry.dependencies, false);
    want(path, entry.optionalDependencies, true);
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
    want(path, Object.fromEntries(peers.map((name) => [name, '*'])), true);
  }
  const file = `file:${basename(tarball)}`;
  packages[`node_modules/${pkg.name}`] = {
    version: pkg.version,
    resolved: file,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license: pkg.license,
    dependencies: pkg.dependencies,
    engines: pkg.engines,
    peerDependencies: pkg.peerDependencies,
    peerDependenciesMeta: pkg.peerDependenciesMeta,
  };
  const dependencies = { [pkg.name]: file, ...direct };
  return {
    packageJson: { name: 'consumer', private: true, dependencies },
    lock: { name: 'consumer', lockfileVersion: 3, requires: true, packages: { '': { name: 'consumer', dependencies }, ...packages } },
  };
}
