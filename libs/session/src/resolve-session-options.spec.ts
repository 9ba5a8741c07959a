import { resolveSessionOptions } from './resolve-session-options';

const secret = 'x'.repeat(32);

describe('resolveSessionOptions', () => {
  it('applies safe defaults', () => {
    expect(resolveSessionOptions({ secrets: [secret] })).toEqual({
      secrets: [secret],
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
      nearCache: null,
    });
  });

  it('turns the near cache on with its defaults', () => {
    expect(resolveSessionOptions({ secrets: [secret], nearCache: {} }).nearCache).toEqual({ maxEntries: 10_000 });
    expect(resolveSessionOptions({ secrets: [secret], nearCache: { maxEntries: 5 } }).nearCache).toEqual({
      maxEntries: 5,
    });
  });

  it.each([
    [{ secrets: [] }, /"secrets" must list at least one secret/],
    [{ secrets: [secret, 'short'] }, /"secrets"\[1\] must be at least 32 characters/],
    [{ secrets: [secret], idleTimeoutSeconds: 0 }, /"idleTimeoutSeconds" must be a positive whole number/],
    [{ secrets: [secret], touchIntervalSeconds: 3600, idleTimeoutSeconds: 60 }, /"touchIntervalSeconds" must be below/],
    [{ secrets: [secret], cookieSameSite: 'none' as const }, /"cookieSameSite" "none" needs "cookieSecure" true/],
    [{ secrets: [secret], cookieName: 'bad name' }, /"cookieName" must be a valid cookie name/],
    [{ secrets: [secret], cookieName: '__Host-sid' }, /"__Host-" cookieName needs "cookieSecure" true/],
    [{ secrets: [secret], nearCache: { maxEntries: 0 } }, /"nearCache.maxEntries" must be a positive whole number/],
  ])('refuses %j, naming the option', (options, message) => {
    expect(() => resolveSessionOptions(options)).toThrow(message);
  });
});
