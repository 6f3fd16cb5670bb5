// Compiles the README's TypeScript blocks in the consumer project, each block
// its own file, strict + exactOptionalPropertyTypes, in the three module modes
// an app may use. Each mode also compiles a canary with one known error: the
// mode passes only when tsc reports exactly that error, so a mode that checks
// nothing (a wrong include, a config tsc ignores) cannot pass.
// Libraries' declarations are skipped (`skipLibCheck`, as `tsc --init` and
// app templates set it), except in the nodenext mode, which also checks our
// own declarations under these options; errors inside other packages'
// declarations (RTK's own under exactOptionalPropertyTypes) are not ours and
// are only counted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAsync } from './exec.mjs';

const COMMON = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  jsx: 'react-jsx',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUncheckedSideEffectImports: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node', 'jest'],
};

export const MODES = [
  { name: 'bundler (ESM)', dir: 'readme-bundler', type: 'module', options: { module: 'esnext', moduleResolution: 'bundler', verbatimModuleSyntax: true } },
  { name: 'nodenext, "type": "module"', dir: 'readme-nodenext', type: 'module', options: { module: 'nodenext', moduleResolution: 'nodenext', verbatimModuleSyntax: true, skipLibCheck: false } },
  { name: 'node16 CommonJS', dir: 'readme-node16-cjs', type: 'commonjs', options: { module: 'node16', moduleResolution: 'node16', esModuleInterop: true } },
];

const CANARY = { file: 'canary.ts', text: "export const canary: number = 'not a number';\n" };
const CANARY_ERROR = /^canary\.ts\(1,14\): error TS2322:/;

export function compileReadme({ consumer, blocks, tsc }) {
  return Promise.all(MODES.map(async (mode) => {
    const dir = join(consumer, mode.dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: mode.type }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...COMMON, ...mode.options }, include: ['*.ts', '*.tsx'] }, null, 2));
    for (const block of [...blocks, CANARY]) writeFileSync(join(dir, block.file), block.text);
    const result = await runAsync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir });
    const lines = result.output.split('\n').filter((line) => /error TS\d+/.test(line));
    const canaryFired = lines.some((line) => CANARY_ERROR.test(line));
    const theirs = (line) => /^\.\.\/node_modules\//.test(line) && !line.startsWith('../node_modules/redux-export-jobs/');
    const errors = lines.filter((line) => !CANARY_ERROR.test(line) && !theirs(line)).map((line) => toReadmeLine(line, blocks));
    const ignored = lines.filter(theirs).length;
    return { mode: mode.name, libCheck: mode.options.skipLibCheck === false, ms: result.ms, canaryFired, errors, ignored, output: result.output };
  }));
}

// `store.ts(3,5): error ...` -> `README.md:85 (store.ts(3,5)): error ...`
function toReadmeLine(line, blocks) {
  const match = /^([\w.-]+\.tsx?)\((\d+),(\d+)\): (.*)$/.exec(line);
  const block = match && blocks.find((b) => b.file === match[1]);
  return block ? `README.md:${block.line + Number(match[2])} (${match[1]}(${match[2]},${match[3]})): ${match[4]}` : line;
}
