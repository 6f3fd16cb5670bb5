import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived download links: `v2.<expiresAt>.<deliveryId>.<hmac>` where the
 * HMAC-SHA256 covers the job id, the delivery id and the expiry, so a token
 * opens one job's file until it expires, names the one delivery it belongs
 * to (the receipts of `GET /api/exports/:id` are keyed by it), and a changed
 * id, delivery or expiry breaks the signature. `v1` tokens are refused.
 */
export type TokenCheck =
  | { ok: true; deliveryId: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** 16 random bytes, base64url: 22 characters. */
export const DELIVERY_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';
const TOKEN_RE = /^v2\.(\d{1,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function newDeliveryId(): string {
  return randomBytes(16).toString('base64url');
}

export function signDownloadToken(secret: string | Buffer, jobId: string, expiresAt: number, deliveryId: string = newDeliveryId()): string {
  if (!new RegExp(DELIVERY_ID_PATTERN).test(deliveryId)) throw new Error('a delivery id is 22 base64url characters');
  return `v2.${expiresAt}.${deliveryId}.${mac(secret, jobId, deliveryId, expiresAt)}`;
}

export function verifyDownloadToken(secret: string | Buffer, jobId: string, token: string, now: number): TokenCheck {
  const match = TOKEN_RE.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(match[1]);
  const deliveryId = match[2] ?? '';
  // The signature's text is compared, not its decoded bytes: the last of 43 base64url
  // characters carries 2 unused bits, so 4 spellings decode to the same MAC. Only the
  // canonical one is accepted: a token cannot be altered and still work.
  const given = Buffer.from(match[3] ?? '', 'latin1');
  const expected = Buffer.from(mac(secret, jobId, deliveryId, expiresAt), 'latin1');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, deliveryId };
}

function mac(secret: string | Buffer, jobId: string, deliveryId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`download-v2\n${jobId}\n${deliveryId}\n${expiresAt}`).digest('base64url');
}
