// Every package the tarball's files name (`from 'x'`, `import('x')`,
// `require('x')`, in the JS and in the declarations) must be one an app
// is sure to have: a dependency or a peer of ours, or Node's own. A name
// that resolves today only because npm hoists it (RTK's `redux-thunk`,
// `reselect`, `redux`) breaks under pnpm or Yarn PnP: in a declaration,
// the type silently becomes `any`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"./][^'"]*)\1/g;
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

export function bareImportProblems(files, packageDir) {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const allowed = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const problems = new Map();
  for (const file of files.filter((f) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(f))) {
    // comments (JSDoc examples) may name anything
    const text = readFileSync(join(packageDir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const [, , specifier] of text.matchAll(SPECIFIER)) {
      if (specifier.startsWith('node:') || allowed.has(packageOf(specifier))) continue;
      const name = packageOf(specifier);
      problems.set(name, new Set([...(problems.get(name) ?? []), file]));
    }
  }
  return [...problems].map(([name, files]) => [name, [...files]]).map(([name, where]) => `${name}, not a dependency or peer, is named by ${where.length} file(s): ${where.slice(0, 3).join(', ')}${where.length > 3 ? ', ...' : ''}`);
}
