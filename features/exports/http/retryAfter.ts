/**
 * `Retry-After` in milliseconds: delta-seconds (`120`) or an HTTP date.
 * `undefined` when absent or unreadable; never negative; capped at one day.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  const MAX = 24 * 60 * 60 * 1000;
  if (/^\d+$/.test(v)) return Math.min(MAX, Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined; // "-3", "1.5": neither seconds nor a date
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX, Math.max(0, at - now));
}
