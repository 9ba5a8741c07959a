import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';
import { RecentMap } from './recent-map';

/** What `unsign` tells `@fastify/session` about a cookie value (the shape of `@fastify/cookie`'s). */
export interface UnsignedCookie {
  valid: boolean;
  renew: boolean;
  value: string | null;
}

const INVALID: UnsignedCookie = Object.freeze({ valid: false, renew: false, value: null });

/**
 * Signs session ids as `<id>.<HMAC-SHA256, base64 without padding>` with the first secret and
 * verifies them against every secret: the format of `@fastify/cookie`'s `Signer`, so cookies
 * stay valid across the change. It remembers the cookies it has verified lately
 * (`recentEntries` to twice that many, see {@link RecentMap}), so a session's later requests
 * cost no HMAC at all, and answers the `sign` that `@fastify/session` calls for every loaded session from
 * the cookie that carried the id. Both lookups are an exact match on a string.
 *
 * Only cookies whose signature was checked are remembered, by their whole value, so nothing
 * forged can be answered from memory; the secrets do not change while the app runs.
 */
export class SessionCookieSigner {
  private readonly keys: KeyObject[];
  // Verified cookie -> what unsign answered.
  private readonly verified: RecentMap<UnsignedCookie>;
  // Session id -> its cookie, signed with the first secret.
  private readonly signed: RecentMap<string>;

  constructor(secrets: readonly string[], recentEntries = 10_000) {
    this.keys = secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
    this.verified = new RecentMap(recentEntries);
    this.signed = new RecentMap(recentEntries);
  }

  sign(value: string): string {
    // New ids (every request without a cookie gets one) are not remembered: most are never
    // sent back, and they would push out the sessions in use.
    return this.signed.get(value) ?? `${value}.${this.signature(value, this.keys[0])}`;
  }

  unsign(cookie: string): UnsignedCookie {
    const known = this.verified.get(cookie);
    if (known !== undefined) return known;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0 || dot === cookie.length - 1) return INVALID;
    const value = cookie.slice(0, dot);
    const actual = Buffer.from(cookie.slice(dot + 1));
    for (let index = 0; index < this.keys.length; index++) {
      const expected = Buffer.from(this.signature(value, this.keys[index]));
      if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
        const result: UnsignedCookie = Object.freeze({ valid: true, renew: index > 0, value });
        this.verified.set(cookie, result);
        if (index === 0) this.signed.set(value, cookie);
        return result;
      }
    }
    return INVALID;
  }

  private signature(value: string, key: KeyObject): string {
    const digest = createHmac('sha256', key).update(value).digest('base64');
    // Padding has a meaning in cookies; @fastify/cookie strips it too.
    return digest.endsWith('=') ? digest.replace(/=+$/, '') : digest;
  }
}
