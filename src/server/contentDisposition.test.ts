import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fileNameFromContentDisposition } from '../../features/exports/http/contentDisposition';
import { sanitizeFileName } from '../../features/exports/http/sanitizeFileName';
import { asciiFallback, formatContentDisposition } from './contentDisposition';

const runs = Number(process.env.FUZZ_RUNS ?? 500);
/** Names built from the characters that fold (NFKD) into path parts, device names and separators. */
const hostileName = fc
  .array(
    fc.oneof(
      fc.constantFrom('/', '\\', ':', '.', '..', '／', '＼', '：', '．', '․', '‥', 'ＣＯＮ', 'ｎｕｌ', 'LPT１', 'ＡＵＸ', 'ｃｏｍ³', 'con', ' ', '\u0000', '\u202e', '\ud83d', '\udc00', '"', '%', 'é', '日本'),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('Content-Disposition for any file name (property)', () => {
  test(`the ASCII fallback never holds a separator, a colon, a leading dot or a device name (${runs} runs)`, () => {
    fc.assert(
      fc.property(hostileName, fc.constantFrom('', '.zip', '.txt.zip'), (name, ext) => {
        const fallback = asciiFallback(`${name}${ext}`);
        expect(fallback).toMatch(/^[\x20-\x7e]+$/);
        expect(fallback).not.toMatch(/[/\\:"%]|^\.|^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i);
      }),
      { numRuns: runs },
    );
  });

  test(`formatContentDisposition never throws and a client reads back the sanitized name (${runs} runs)`, () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        const header = formatContentDisposition(name);
        expect(fileNameFromContentDisposition(header)).toBe(sanitizeFileName(name).replace(/[\ud800-\udfff]/gu, ''));
      }),
      { numRuns: runs },
    );
  });
});

test('every @example of sanitizeFileName gives the output its doc comment shows', () => {
  const source = readFileSync(join(__dirname, '..', '..', 'features', 'exports', 'http', 'sanitizeFileName.ts'), 'utf8');
  const examples = [...source.matchAll(/^\s*\*\s*sanitizeFileName\((['"])(.*?)\1\)\s*\/\/\s*(?:=>\s*)?(['"])(.*?)\3\s*$/gm)];
  expect(examples.length).toBeGreaterThanOrEqual(3);
  for (const [, , input, , output] of examples) expect([input, sanitizeFileName(input ?? '')]).toEqual([input, output]);
});
