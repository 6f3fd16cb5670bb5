import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived download links: `v1.<expiresAt>.<hmac>` where the HMAC-SHA256
 * covers the job id and the expiry, so a token opens one job's file until
 * it expires, and a changed id or expiry breaks the signature.
 */
export type TokenCheck = { ok: true } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const TOKEN_RE = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

export function signDownloadToken(secret: string | Buffer, jobId: string, expiresAt: number): string {
  return `v1.${expiresAt}.${mac(secret, jobId, expiresAt)}`;
}

export function verifyDownloadToken(secret: string | Buffer, jobId: string, token: string, now: number): TokenCheck {
  const match = TOKEN_RE.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(match[1]);
  // The signature's text is compared, not its decoded bytes: the last of 43 base64url
  // characters carries 2 unused bits, so 4 spellings decode to the same MAC. Only the
  // canonical one is accepted: a token cannot be altered and still work.
  const given = Buffer.from(match[2] ?? '', 'latin1');
  const expected = Buffer.from(mac(secret, jobId, expiresAt), 'latin1');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true };
}

function mac(secret: string | Buffer, jobId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`download\n${jobId}\n${expiresAt}`).digest('base64url');
}
