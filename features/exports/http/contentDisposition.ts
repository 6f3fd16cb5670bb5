/**
 * Reads the file name out of a `Content-Disposition` header, preferring the
 * RFC 8187 `filename*` (UTF-8, percent-encoded) over the plain `filename`.
 * Returns `undefined` when the header holds no usable name. Never throws.
 *
 * Cross-origin servers must send `Access-Control-Expose-Headers:
 * Content-Disposition`, or the browser hides the header from `fetch`.
 *
 * @example
 * fileNameFromContentDisposition(`attachment; filename="a.zip"; filename*=UTF-8''%C3%A9.zip`) // => "é.zip"
 */
export function fileNameFromContentDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const params = parseParameters(header);
  const extended = params.get('filename*');
  if (extended !== undefined) {
    const decoded = decodeExtValue(extended);
    if (decoded) return decoded;
  }
  const plain = params.get('filename');
  return plain ? plain : undefined;
}

/** Splits `type; a=b; c="d;e"` into lower-cased parameter names and raw values (quotes removed). */
function parseParameters(header: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = header.indexOf(';');
  if (i < 0) return out;
  const len = header.length;
  while (i < len) {
    i++; // skip ';'
    while (i < len && (header[i] === ' ' || header[i] === '\t')) i++;
    const eq = header.indexOf('=', i);
    if (eq < 0) break;
    const name = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < len && (header[i] === ' ' || header[i] === '\t')) i++;
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < len && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < len) i++;
        value += header[i];
        i++;
      }
      i++; // closing quote
      const next = header.indexOf(';', i);
      i = next < 0 ? len : next;
    } else {
      const next = header.indexOf(';', i);
      const end = next < 0 ? len : next;
      value = header.slice(i, end).trim();
      i = end;
    }
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** Decodes `charset'lang'pct-encoded` (RFC 8187). UTF-8 and ISO-8859-1 are understood. */
function decodeExtValue(value: string): string | undefined {
  const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value);
  if (!match) return undefined;
  const charset = (match[1] ?? '').toLowerCase();
  const encoded = match[2] ?? '';
  try {
    if (charset === 'utf-8') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1' || charset === 'latin1') {
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  } catch {
    return undefined;
  }
  return undefined;
}
