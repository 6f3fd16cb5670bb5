import { sanitizeFileName } from './sanitizeFileName';

describe('sanitizeFileName', () => {
  test.each([
    ['report.zip', 'report.zip'],
    ['Rapport "été" 日本.zip', "Rapport 'été' 日本.zip"],
    ['../../etc/passwd', '_._etc_passwd'],
    ['..\\..\\windows\\win.ini', '_.._windows_win.ini'],
    ['a/b\\c:d*e?f<g>h|i.zip', 'a_b_c_d_e_f_g_h_i.zip'],
    ['bell\u0007tab\tnew\nline.zip', 'belltabnewline.zip'],
    ['evil\u202Egnp.zip', 'evilgnp.zip'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1.zip', '_LPT1.zip'],
    ['COM9', '_COM9'],
    ['console.zip', 'console.zip'],
    ['trailing dots...', 'trailing dots'],
    ['   spaced   out   .zip', 'spaced out.zip'],
    ['', 'download'],
    ['...', 'download'],
    ['/', '_'],
    ['../../Rapport "été".zip', "_.._Rapport 'été'.zip"], // the doc example
    ['report\ud83d.zip', 'report.zip'], // a lone high surrogate
    ['a\udc00b.zip', 'ab.zip'], // a lone low surrogate
    ['keeps 😀 pairs.zip', 'keeps 😀 pairs.zip'],
    ['ar\u061cab.zip', 'arab.zip'], // Arabic letter mark
    ['word\u2060joiner.zip', 'wordjoiner.zip'],
    ['cgj\u034f.zip', 'cgj.zip'], // combining grapheme joiner
    ['tag\u{e0041}\u{e007f}s.zip', 'tags.zip'], // tag characters
    ['\u115f\u1160\u3164\uffa0hangul.zip', 'hangul.zip'], // Hangul fillers
    ['mongolian\u180evs.zip', 'mongolianvs.zip'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  test('caps the length in UTF-8 bytes and keeps the extension and whole characters', () => {
    const long = `${'日本'.repeat(200)}.zip`;
    const out = sanitizeFileName(long, { maxBytes: 100 });
    expect(new TextEncoder().encode(out).length).toBeLessThanOrEqual(100);
    expect(out.endsWith('.zip')).toBe(true);
    expect(out).not.toContain('\uFFFD');
    const emoji = sanitizeFileName(`${'😀'.repeat(100)}.csv`, { maxBytes: 30 });
    expect(emoji).toBe(`${'😀'.repeat(6)}.csv`);
  });

  test('a custom fallback', () => {
    expect(sanitizeFileName('\u0000', { fallback: 'export.zip' })).toBe('export.zip');
  });
});
