// Run inside the consumer project: every JS entry of the installed package
// (read from its own `exports`), loaded with `require` and with `import`,
// must export the same names. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('./node_modules/redux-export-jobs/package.json', import.meta.url), 'utf8'));
const results = [];
for (const [subpath, target] of Object.entries(pkg.exports)) {
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  if (typeof target !== 'object' || !('import' in target) || !('require' in target)) {
    // not a JS module (the stylesheet, package.json): it must still resolve to a file
    require.resolve(specifier);
    results.push({ specifier, kind: 'file' });
    continue;
  }
  const required = Object.keys(require(specifier)).sort();
  const imported = Object.keys(await import(specifier)).sort();
  const onlyRequire = required.filter((name) => !imported.includes(name));
  const onlyImport = imported.filter((name) => !required.includes(name));
  results.push({ specifier, kind: 'js', names: required.length, onlyRequire, onlyImport });
}
console.log(JSON.stringify(results));
