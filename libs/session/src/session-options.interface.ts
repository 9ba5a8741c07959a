/**
 * Options of {@link SessionModule}. Every option but `secrets` has a safe default.
 *
 * @publicApi
 */
export interface SessionModuleOptions {
  /**
   * Secrets that sign the session cookie, each at least 32 characters. The first signs new
   * cookies; all of them verify, so a secret can be rotated without signing everyone out.
   */
  secrets: string[];
  /**
   * Cookie name. A generic name does not reveal the framework. Default `sid`. A `__Host-` name
   * (such as `__Host-sid`) makes browsers refuse the cookie unless it is Secure, host-only and
   * `Path=/`; it needs `cookieSecure: true`.
   */
  cookieName?: string;
  /**
   * `Secure` cookie attribute. `'auto'` (default) sets it when the request came over HTTPS,
   * as seen through Fastify's `trustProxy` (`X-Forwarded-Proto` from the TLS-terminating proxy).
   */
  cookieSecure?: boolean | 'auto';
  /** `SameSite` cookie attribute. Default `lax`. */
  cookieSameSite?: 'lax' | 'strict' | 'none';
  /** `Path` cookie attribute. Default `/`, so every app behind one host sees the cookie. */
  cookiePath?: string;
  /** A session unused for this long ends. Default 1800 (30 minutes). */
  idleTimeoutSeconds?: number;
  /** A session ends this long after it began, however active. Default 28800 (8 hours). */
  absoluteTimeoutSeconds?: number;
  /**
   * A read of the session slides its idle expiry at most once per this interval, so a burst of
   * requests costs one Redis command each instead of a read plus a write. Default 60.
   */
  touchIntervalSeconds?: number;
  /**
   * A session without a signed-in user (an anonymous cart's, say) ends this long after it
   * began, if the absolute timeout does not end it first. Default 7200 (2 hours).
   */
  anonymousTimeoutSeconds?: number;
  /**
   * Most anonymous sessions one client address may start in an hour, counted in Redis by every
   * replica together; past it, a request that would start one gets 429. With
   * `anonymousTimeoutSeconds`, it bounds what one address can make Redis hold. Default 200.
   */
  anonymousSessionsPerHour?: number;
  /**
   * Most bytes an app's data (see `SessionData`) may take in a session, as JSON. A save over it
   * fails with an error naming this option, and writes nothing. Default 4096.
   */
  maxDataBytes?: number;
  /** Prefix of every Redis key the store writes. Default `sess:`. */
  keyPrefix?: string;
  /**
   * Keeps recently used sessions in each replica's memory, kept correct by Redis's
   * invalidation messages, so that a read of a cached session costs no Redis command. A
   * sign-out or revocation on any replica reaches every other one within milliseconds. Off by
   * default; `{}` turns it on with the defaults.
   */
  nearCache?: NearCacheOptions;
}

/**
 * Options of the near cache (see {@link SessionModuleOptions.nearCache}).
 *
 * @publicApi
 */
export interface NearCacheOptions {
  /** Most sessions a replica keeps; the least recently used goes first. Default 10000. */
  maxEntries?: number;
}

/** The options with every default applied; `nearCache` is `null` when it is off. */
export type ResolvedSessionOptions = Required<Omit<SessionModuleOptions, 'nearCache'>> & {
  nearCache: Required<NearCacheOptions> | null;
};
