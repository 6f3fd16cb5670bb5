/**
 * Makes a server-supplied file name safe to hand to a browser or a file
 * system: keeps Unicode letters, removes path separators, control and bidi
 * characters, defuses Windows reserved device names, caps the length in
 * UTF-8 bytes (keeping the extension) and never returns an empty name.
 *
 * @example
 * sanitizeFileName('../../Rapport "été".zip') // => "_.._Rapport 'été'.zip"
 */
export interface SanitizeFileNameOptions {
  /** Maximum length in UTF-8 bytes (most file systems allow 255). Default 200. */
  maxBytes?: number;
  /** Returned when nothing usable is left. Default `download`. */
  fallback?: string;
}

// C0/C1 controls, DEL, bidi marks/overrides/isolates (incl. the Arabic letter mark U+061C),
// zero-width and joiner characters (U+034F, U+180E, U+200B-U+200F, U+2060-U+2064), Hangul
// fillers (U+115F, U+1160, U+3164, U+FFA0), BOM, tag characters (U+E0000-U+E007F) and lone
// UTF-16 surrogates (they have no UTF-8 form; in a `u` regex a paired surrogate is one
// astral code point, so only lone halves match).
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\u{e0000}-\u{e007f}\ud800-\udfff]/gu;
// Path separators and characters Windows refuses in names.
const RESERVED_CHARS = /[/\\<>:|?*]/g;
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/**
 * A file name safe to save on every OS: no path, no control or invisible
 * characters, no reserved Windows names, at most `maxBytes` UTF-8 bytes
 * with the extension kept; `fallback` when nothing is left.
 *
 * @example
 * sanitizeFileName('../../etc/passwd') // '_._etc_passwd'
 * sanitizeFileName('CON.txt')          // '_CON.txt'
 */
export function sanitizeFileName(input: string, options: SanitizeFileNameOptions = {}): string {
  const maxBytes = Math.max(16, options.maxBytes ?? 200);
  const fallback = options.fallback ?? 'download';
  let name = String(input).normalize('NFC').replace(INVISIBLE, '').replace(RESERVED_CHARS, '_').replace(/"/g, "'");
  // Drop every directory-looking prefix: leading dots/spaces (".." , hidden files)
  // and trailing dots/spaces (Windows strips them silently).
  name = name.replace(/\s+/g, ' ').replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (!name) return fallback;

  const dot = name.lastIndexOf('.');
  let base = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot) : '';
  if (utf8Length(ext) > 16) {
    base = name;
    ext = '';
  }
  const stem = base.split('.')[0] ?? base;
  if (RESERVED_NAMES.test(stem.trim())) base = `_${base}`;

  const budget = maxBytes - utf8Length(ext);
  base = truncateUtf8(base, budget).replace(/[\s.]+$/, '');
  const result = `${base}${ext}`;
  return base ? result : fallback;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Cuts at a code point boundary so that the UTF-8 form fits in `maxBytes`. */
function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}
