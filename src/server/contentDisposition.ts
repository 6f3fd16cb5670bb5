import { sanitizeFileName } from '../../features/exports/http/sanitizeFileName';

/**
 * `Content-Disposition: attachment; filename="ascii"; filename*=UTF-8''utf8`.
 *
 * Both parameters are always sent: old clients read the ASCII fallback, every
 * current browser prefers `filename*` (RFC 6266 / RFC 8187). The name is
 * sanitized first (whatever the caller passes), and the ASCII fallback is
 * sanitized again after folding to ASCII: NFKD turns a fullwidth `／` into
 * `/` and `ＣＯＮ` into `CON`, so the fallback is checked in its final form.
 *
 * (The `content-disposition` package was meant to be used here, but its
 * current major is ESM-only and needs Node >= 22, and it omits `filename*`
 * for ASCII names; this is the same format in a few lines.)
 */
export function formatContentDisposition(fileName: string): string {
  const name = sanitizeFileName(fileName, { fallback: 'download' });
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

/** Printable ASCII only, safe as a file name; quotes, backslashes and percent signs replaced. */
export function asciiFallback(fileName: string): string {
  const folded = dropLoneSurrogates(fileName)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é -> e
    .replace(/[^\x20-\x7e]/g, '_');
  return sanitizeFileName(folded, { fallback: 'download' }).replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
}

/** RFC 8187 value-chars: attr-char stays, everything else is percent-encoded UTF-8. Never throws (lone surrogates are dropped). */
export function encodeRfc8187(value: string): string {
  return encodeURIComponent(dropLoneSurrogates(value)).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A lone UTF-16 surrogate has no UTF-8 form (encodeURIComponent throws on it). */
function dropLoneSurrogates(value: string): string {
  return value.replace(/[\ud800-\udfff]/gu, '');
}
