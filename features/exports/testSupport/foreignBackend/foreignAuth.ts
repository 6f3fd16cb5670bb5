/**
 * The foreign backend's sessions: `POST /api/auth/login` gives an access
 * token that expires after `tokenTtlMs` and a refresh token;
 * `POST /api/auth/refresh` trades the refresh token for a new access token,
 * unless refresh has been revoked (a test switch: the session is over).
 */
import { randomUUID } from 'node:crypto';

export interface ForeignAuth {
  login(): { accessToken: string; refreshToken: string };
  /** A new access token, or `undefined` when the refresh token is unknown or refresh is revoked. */
  refresh(refreshToken: string): string | undefined;
  /** True when `header` is `Bearer <a live access token>`. */
  check(header: string | undefined): boolean;
  /** Access tokens issued from now on live this long. */
  setTokenTtl(ms: number): void;
  /** Every refresh from now on fails with 401 (and live access tokens are dropped when `dropTokens`). */
  revokeRefresh(dropTokens?: boolean): void;
  /** Refresh works again. */
  allowRefresh(): void;
}

export function createForeignAuth(initialTtlMs: number, now: () => number = Date.now): ForeignAuth {
  let ttlMs = initialTtlMs;
  let revoked = false;
  const access = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const issue = (): string => {
    const token = randomUUID();
    access.set(token, now() + ttlMs);
    return token;
  };
  return {
    login() {
      const refreshToken = randomUUID();
      refreshTokens.add(refreshToken);
      return { accessToken: issue(), refreshToken };
    },
    refresh(refreshToken) {
      if (revoked || !refreshTokens.has(refreshToken)) return undefined;
      return issue();
    },
    check(header) {
      const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
      const expires = token === undefined ? undefined : access.get(token);
      return expires !== undefined && expires > now();
    },
    setTokenTtl(ms) {
      ttlMs = ms;
    },
    revokeRefresh(dropTokens = false) {
      revoked = true;
      if (dropTokens) access.clear();
    },
    allowRefresh() {
      revoked = false;
    },
  };
}
