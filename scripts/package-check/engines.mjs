// Honest engines, read from the lock (no install needed):
// - every package of package-lock.json admits the running Node, so `npm ci`
//   prints no EBADENGINE (what npm compares is exactly this: the lock's
//   `engines.node` against `process.version`);
// - every runtime dependency of the package admits the oldest Node our own
//   `engines` admits (`>=20`: 20.0.0), so an app's install does not warn either.
// semver is not a dependency of ours: it comes with npm's and our dev tools'
// trees (@arethetypeswrong/cli, jest); if it ever goes missing the check fails.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const semver = require('semver');

export function enginesProblems(repo, node = process.versions.node) {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const problems = [];
  const admits = (range, version) => semver.satisfies(version, range, { includePrerelease: true });
  let scanned = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = entry.engines?.node;
    if (path === '' || typeof range !== 'string') continue;
    scanned++;
    if (!admits(range, node)) problems.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}, npm ci runs on ${node}`);
  }
  const floor = semver.minVersion(pkg.engines.node).version;
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const range = lock.packages[`node_modules/${name}`]?.engines?.node;
    if (range && !admits(range, floor)) problems.push(`dependency ${name} wants node ${range}, our engines say ${pkg.engines.node}`);
  }
  return { problems, scanned, node, floor };
}
