import { ResolvedSessionOptions, SessionModuleOptions } from './session-options.interface';

const MIN_SECRET_LENGTH = 32;
const DEFAULT_NEAR_CACHE_ENTRIES = 10_000;

/**
 * Applies the defaults and refuses options that would make sessions unsafe or broken, with a
 * message that names the option (checked once, at start, never per request).
 */
export function resolveSessionOptions(options: SessionModuleOptions): ResolvedSessionOptions {
  const resolved: ResolvedSessionOptions = {
    cookieName: 'sid',
    cookieSecure: 'auto',
    cookieSameSite: 'lax',
    cookiePath: '/',
    idleTimeoutSeconds: 1800,
    absoluteTimeoutSeconds: 28800,
    touchIntervalSeconds: 60,
    maxDataBytes: 4096,
    anonymousTimeoutSeconds: 7200,
    anonymousSessionsPerHour: 200,
    keyPrefix: 'sess:',
    ...withoutUndefined(options),
    secrets: options.secrets,
    nearCache: options.nearCache
      ? { maxEntries: DEFAULT_NEAR_CACHE_ENTRIES, ...withoutUndefined(options.nearCache) }
      : null,
  };
  const { secrets } = resolved;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new Error('SessionModule: option "secrets" must list at least one secret');
  }
  secrets.forEach((secret, index) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`SessionModule: option "secrets"[${index}] must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  });
  for (const name of [
    'idleTimeoutSeconds',
    'absoluteTimeoutSeconds',
    'touchIntervalSeconds',
    'maxDataBytes',
    'anonymousTimeoutSeconds',
    'anonymousSessionsPerHour',
  ] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] <= 0) {
      throw new Error(`SessionModule: option "${name}" must be a positive whole number`);
    }
  }
  if (resolved.nearCache && (!Number.isInteger(resolved.nearCache.maxEntries) || resolved.nearCache.maxEntries <= 0)) {
    throw new Error('SessionModule: option "nearCache.maxEntries" must be a positive whole number');
  }
  if (resolved.touchIntervalSeconds >= resolved.idleTimeoutSeconds) {
    throw new Error('SessionModule: option "touchIntervalSeconds" must be below "idleTimeoutSeconds"');
  }
  if (resolved.cookieSameSite === 'none' && resolved.cookieSecure !== true) {
    throw new Error('SessionModule: option "cookieSameSite" "none" needs "cookieSecure" true');
  }
  // Browsers accept a __Host- cookie only when it is Secure, has Path=/ and no Domain.
  if (resolved.cookieName.startsWith('__Host-') && (resolved.cookieSecure !== true || resolved.cookiePath !== '/')) {
    throw new Error('SessionModule: a "__Host-" cookieName needs "cookieSecure" true and "cookiePath" "/"');
  }
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(resolved.cookieName)) {
    throw new Error('SessionModule: option "cookieName" must be a valid cookie name');
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
