// The package check (`npm run check:package`, part of `npm test`): the
// package as an app installs it. Builds, packs, installs the tarball into a
// fresh consumer with only the peers, then checks it there (README
// "Package check"). Exits 1 on any problem, after printing all of them.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileReadme } from './compileReadme.mjs';
import { createConsumer } from './consumer.mjs';
import { enginesProblems } from './engines.mjs';
import { runAsync, runOrThrow } from './exec.mjs';
import { readmeBlocks } from './readmeBlocks.mjs';
import { bareImportProblems } from './bareImports.mjs';
import { tarballProblems } from './tarballContents.mjs';

const started = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const require = createRequire(join(repo, 'package.json'));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const failures = [];
const report = (label, problems, summary) => {
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${label}${summary ? `: ${summary}` : ''}`);
  for (const problem of problems) console.log(`       ${problem}`);
  failures.push(...problems.map((problem) => `${label}: ${problem}`));
};

// 1. engines, from the lock
const engines = enginesProblems(repo);
report('engines', engines.problems, `${engines.scanned} packages of the lock admit Node ${engines.node}; the dependencies admit ${engines.floor}`);

// 2. the README's blocks (read before anything is built: a bad marker fails fast)
const readme = readmeBlocks(readFileSync(join(repo, 'README.md'), 'utf8'));

// 3. build, pack, install
const built = runOrThrow(process.execPath, ['scripts/build.mjs'], { cwd: repo });
console.log(`ok   build: ${seconds(built.ms)}`);
const consumer = createConsumer(repo);
process.on('exit', () => {
  if (process.env.PACKAGE_CHECK_KEEP) console.log(`     kept ${consumer.dir}`);
  else rmSync(consumer.dir, { recursive: true, force: true });
});
const badEngines = consumer.installLog.split('\n').filter((line) => /EBADENGINE.*package:/.test(line));
report('consumer install', badEngines, `the tarball + ${consumer.specs.length} peers, ${consumer.installed} packages at our lock's versions, npm ci --offline, ${seconds(consumer.installMs)}, in ${consumer.dir}`);
const packageDir = join(consumer.dir, 'node_modules/redux-export-jobs');

// 4. what the tarball holds
const contents = tarballProblems(consumer.files, packageDir);
report('tarball contents', contents.problems, `${contents.files} files, ${contents.declarations} declarations per format`);
report('packages the tarball names', bareImportProblems(consumer.files, packageDir), 'only dependencies, peers and node:*');

// 5. attw, the README in three modes, require/import, two copies: side by side
for (const script of ['loadEntries.mjs', 'twoCopies.mjs']) copyFileSync(join(here, 'consumer', script), join(consumer.dir, script));
const attwBin = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
const [attw, modes, entries, copies] = await Promise.all([
  runAsync(process.execPath, [attwBin, consumer.tarball, '--format', 'json', '--no-definitely-typed'], { cwd: consumer.dir }),
  compileReadme({ consumer: consumer.dir, blocks: readme.blocks, tsc: require.resolve('typescript/bin/tsc') }),
  runAsync(process.execPath, ['loadEntries.mjs'], { cwd: consumer.dir }),
  runAsync(process.execPath, ['twoCopies.mjs'], { cwd: consumer.dir }),
]);

{
  let problems;
  let summary = '';
  try {
    const json = JSON.parse(attw.stdout);
    // a problem names its kind and, depending on the kind, the files and modes involved
    problems = (json.analysis.problems ?? []).map(({ kind, ...where }) => `${kind} ${JSON.stringify(where)}`);
    const points = Object.keys(json.analysis.entrypoints);
    summary = `${points.length} entrypoints (${points.join(', ')}) × node10, node16-CJS, node16-ESM, bundler`;
  } catch {
    problems = [`attw did not answer JSON (exit ${attw.status}):\n${attw.output}`];
  }
  report('attw', problems, `${summary}, ${seconds(attw.ms)}`);
}

{
  const { publint } = await import(require.resolve('publint'));
  const { formatMessage } = await import(require.resolve('publint/utils'));
  const t = Date.now();
  const { messages, pkg } = await publint({ pkgDir: packageDir, pack: false, strict: true });
  report('publint', messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`), `errors, warnings and suggestions all count, ${seconds(Date.now() - t)}`);
}

for (const mode of modes) {
  const problems = [...mode.errors];
  if (!mode.canaryFired) problems.push(`the canary's error was not reported: tsc checked nothing?\n${mode.output}`);
  const libs = mode.libCheck ? `, our declarations checked too (${mode.ignored} errors in other packages' declarations not counted)` : '';
  report(`README, ${mode.mode}`, problems, `${readme.blocks.length} blocks compiled${libs}, ${seconds(mode.ms)}`);
}
console.log(`     README.md: ${readme.blocks.length} TypeScript blocks compiled in ${modes.length} modes, ${readme.skipped.length} skipped${readme.skipped.map((s) => `\n       line ${s.line}: ${s.reason}`).join('')}`);

{
  let problems = [];
  let summary = '';
  try {
    const results = JSON.parse(entries.stdout);
    for (const r of results.filter((r) => r.kind === 'js')) {
      if (r.onlyRequire.length) problems.push(`${r.specifier}: only require() has ${r.onlyRequire.join(', ')}`);
      if (r.onlyImport.length) problems.push(`${r.specifier}: only import() has ${r.onlyImport.join(', ')}`);
    }
    summary = results.map((r) => (r.kind === 'js' ? `${r.specifier} ${r.names}` : `${r.specifier} (file)`)).join(', ');
  } catch {
    problems = [`loading the entries failed (exit ${entries.status}):\n${entries.output}`];
  }
  report('require() and import() give the same names', problems, summary);
}

{
  let problems;
  let summary = '';
  try {
    const result = JSON.parse(copies.stdout.trim().split('\n').pop());
    problems = result.failed.map((c) => `${c.name}${c.detail ? ` (${JSON.stringify(c.detail)})` : ''}`);
    summary = `${result.passed} checks passed, CJS and ESM copies in one process`;
  } catch {
    problems = [`the two-copies script failed (exit ${copies.status}):\n${copies.output}`];
  }
  if (copies.status !== 0 && !problems.length) problems.push(`exit ${copies.status}:\n${copies.output}`);
  report('two copies cooperate', problems, summary);
}

console.log(`${failures.length ? 'FAIL' : 'ok  '} package check: ${failures.length} problems, ${seconds(Date.now() - started)}`);
process.exit(failures.length ? 1 : 0);
