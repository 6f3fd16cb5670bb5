/**
 * Honest words: every error code the library itself writes into state has
 * its own text, never the generic "Something went wrong". The codes are
 * read from the source, so a new code without words fails this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeForStatus } from '../errors/HttpStatusError';
import { defaultExportTexts } from './texts';

const FEATURE = join(__dirname, '..');
const PRIVATE = /(\.test\.tsx?|testSupport|reliability)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (PRIVATE.test(path)) return [];
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function codesWritten(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(FEATURE)) {
    if (file.includes('testkit')) continue; // the test kit's faults are the caller's codes
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/code: '([a-z_]+)'|new ExportError\('([a-z_]+)'|super\('([a-z_]+)'/g)) {
      codes.add(match[1] ?? match[2] ?? match[3] ?? '');
    }
  }
  for (let status = 400; status < 600; status++) codes.add(codeForStatus(status));
  return codes;
}

test('every error code the library writes has words of its own', () => {
  const written = [...codesWritten()].sort();
  expect(written.length).toBeGreaterThan(15);
  const missing = written.filter((code) => defaultExportTexts.errors[code] === undefined);
  expect(missing).toEqual([]);
});
