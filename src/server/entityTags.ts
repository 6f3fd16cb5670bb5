/**
 * Entity-tag conditions of the file endpoint (RFC 9110 §13):
 * `If-None-Match` is a `*` or a comma-separated list of tags, compared
 * weakly (`W/"x"` matches `"x"`); `If-Range` holds one tag compared
 * strongly (a weak tag or an HTTP date never matches: this server sends
 * no `Last-Modified`).
 */
interface EntityTag {
  weak: boolean;
  opaque: string;
}

const TAG = /\s*(W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)/y;

/** The tags of a list, or `undefined` when the list is malformed. */
function parseTagList(value: string): EntityTag[] | undefined {
  const tags: EntityTag[] = [];
  TAG.lastIndex = 0;
  while (TAG.lastIndex < value.length) {
    const start = TAG.lastIndex;
    const match = TAG.exec(value);
    if (!match) {
      if (value.slice(start).trim() === '') break;
      return undefined;
    }
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  }
  return tags;
}

function parseOne(value: string): EntityTag | undefined {
  const tags = parseTagList(value);
  return tags && tags.length === 1 ? tags[0] : undefined;
}

/** True when `If-None-Match` matches the current (strong) `etag`: answer 304. A malformed header never matches. */
export function noneMatchFails(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const current = parseOne(etag);
  const tags = parseTagList(header);
  if (!current || !tags) return false;
  return tags.some((t) => t.opaque === current.opaque);
}

/** True when `If-Range` (if any) lets the `Range` apply: absent, or the same strong tag. */
export function ifRangeAllows(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  const given = parseOne(header);
  const current = parseOne(etag);
  return Boolean(given && current && !given.weak && !current.weak && given.opaque === current.opaque);
}
