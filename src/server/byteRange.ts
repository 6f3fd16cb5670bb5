/**
 * The `Range` header of a GET on one representation of `size` bytes
 * (RFC 9110 §14): only one `bytes` range is honoured (`N-`, `N-M` or the
 * suffix `-S`); anything else (another unit, several ranges, bad syntax)
 * is ignored and the whole file is sent, as the RFC allows. A range that
 * starts at or after the end of the file is unsatisfiable (416).
 *
 * (Hand-written rather than the `range-parser` package: a single range is
 * all this server serves, and the package would become a runtime
 * dependency of the published library for these few lines.)
 */
export type ByteRange = { kind: 'none' } | { kind: 'unsatisfiable' } | { kind: 'range'; start: number; end: number };

const SINGLE_RANGE = /^bytes=[ \t]*(?:(\d{1,15})-(\d{1,15})?|-(\d{1,15}))[ \t]*$/i;

export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return { kind: 'none' };
  const match = SINGLE_RANGE.exec(header);
  if (!match) return { kind: 'none' };
  const [, first, last, suffix] = match;
  if (suffix !== undefined) {
    const length = Number(suffix);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== undefined && Number(last) < start) return { kind: 'none' }; // invalid: ignored
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === undefined ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'range', start, end };
}
