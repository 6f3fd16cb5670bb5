/** The README's push example is this folder's compiled file, word for word (imports as an app writes them). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

test("the README's push example is pushAdapters.example.ts, which the typecheck compiles", () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const file = readFileSync(join(__dirname, 'pushAdapters.example.ts'), 'utf8').replaceAll("'../../../../src/", "'redux-export-jobs/");
  const shown = /<!-- push-example: [^>]+ -->\n(?:<!-- not-compiled: [^>]+ -->\n)?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(shown).toBe(file);
});
