// What the tarball holds: nothing test-only, and no declaration that promises
// a module the tarball does not have. A .d.ts under dist/cjs either has its
// .js beside it, or declares types only (a types-only source module, which
// compiles to nothing); the ESM declarations mirror the CJS ones, file for file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEST_ONLY = /(\.test\.|\.test-d\.|(^|\/)testSupport\/|(^|\/)reliability\/|(^|\/)fixtures\/|\.browser\.|(^|\/)demo\/|(^|\/)bench\/|testHelpers)/;
const DECLARES_A_VALUE = /^(export )?declare (const|let|var|function|class|abstract class|enum|namespace)\b|^export \{[^}]*\} from|^export \* from|^export default/m;

export function tarballProblems(files, packageDir) {
  const problems = [];
  const set = new Set(files);
  for (const file of files) if (TEST_ONLY.test(file)) problems.push(`test-only file in the tarball: ${file}`);
  const cjsTypes = files.filter((file) => file.startsWith('dist/cjs/') && file.endsWith('.d.ts'));
  for (const file of cjsTypes) {
    if (set.has(file.replace(/\.d\.ts$/, '.js'))) continue;
    if (DECLARES_A_VALUE.test(readFileSync(join(packageDir, file), 'utf8'))) problems.push(`${file} declares values but no module is behind it`);
  }
  const esmTypes = new Set(files.filter((file) => file.startsWith('dist/esm/types/')).map((file) => file.slice('dist/esm/types/'.length)));
  const cjsNames = new Set(cjsTypes.map((file) => file.slice('dist/cjs/'.length)));
  for (const name of cjsNames) if (!esmTypes.has(name)) problems.push(`dist/cjs/${name} has no ESM twin under dist/esm/types/`);
  for (const name of esmTypes) if (!cjsNames.has(name)) problems.push(`dist/esm/types/${name} has no CJS twin`);
  return { problems, files: files.length, declarations: cjsTypes.length };
}
