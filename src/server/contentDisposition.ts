/**
 * `Content-Disposition: attachment; filename="ascii"; filename*=UTF-8''utf8`.
 *
 * Both parameters are always sent: old clients read the ASCII fallback, every
 * current browser prefers `filename*` (RFC 6266 / RFC 8187).
 *
 * (The `content-disposition` package was meant to be used here, but its
 * current major is ESM-only and needs Node >= 22, and it omits `filename*`
 * for ASCII names; this is the same format in a few lines.)
 */
export function formatContentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

/** Printable ASCII only; quotes, backslashes and percent signs replaced. */
export function asciiFallback(fileName: string): string {
  const out = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é -> e
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  return out || 'download';
}

/** RFC 8187 value-chars: attr-char stays, everything else is percent-encoded UTF-8. */
export function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
