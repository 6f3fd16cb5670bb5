import { randomBytes } from 'node:crypto';

/** Job ids: 22 base64url characters from 16 random bytes. Anything else is refused before any lookup. */
export const JOB_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$';
const JOB_ID_RE = new RegExp(JOB_ID_PATTERN);

export function newJobId(): string {
  return randomBytes(16).toString('base64url');
}

export function isJobId(value: unknown): value is string {
  return typeof value === 'string' && JOB_ID_RE.test(value);
}
