import { Signer } from '@fastify/cookie';
import { RecentMap } from './recent-map';
import { SessionCookieSigner } from './session-cookie.signer';

const current = 'the-current-secret-that-is-long-enough-0123';
const previous = 'the-previous-secret-that-is-long-enough-456';

describe('SessionCookieSigner', () => {
  const reference = new Signer([current, previous], 'sha256');

  it('signs and verifies exactly as @fastify/cookie does', () => {
    const signer = new SessionCookieSigner([current, previous]);
    for (const id of ['a', 'kY3f-_x9', 'x'.repeat(32), 'ünïcødé']) {
      expect(signer.sign(id)).toBe(reference.sign(id));
      expect(signer.unsign(reference.sign(id))).toEqual(reference.unsign(reference.sign(id)));
    }
    const old = new Signer([previous], 'sha256').sign('older');
    expect(signer.unsign(old)).toEqual({ valid: true, renew: true, value: 'older' });
  });

  it('refuses forged, truncated and malformed cookies, also once the real one is remembered', () => {
    const signer = new SessionCookieSigner([current]);
    const cookie = signer.sign('session-id');
    expect(signer.unsign(cookie)).toEqual({ valid: true, renew: false, value: 'session-id' });
    for (const forged of [
      `${cookie}x`,
      cookie.slice(0, -1),
      `other-id${cookie.slice(cookie.indexOf('.'))}`,
      'no-dot',
      'dot-at-end.',
      '.x',
    ]) {
      expect(signer.unsign(forged)).toEqual({ valid: false, renew: false, value: null });
    }
  });

  it('answers sign from the verified cookie, and forgets the cookies not seen lately', () => {
    const signer = new SessionCookieSigner([current], 2);
    const cookies = ['a', 'b', 'c', 'd', 'e'].map((id) => reference.sign(id));
    cookies.forEach((cookie) => signer.unsign(cookie));
    expect(signer.sign('e')).toBe(cookies[4]);
    const held = signer as unknown as { verified: RecentMap<unknown>; signed: RecentMap<string> };
    expect(held.verified.size).toBeLessThanOrEqual(4);
    expect(held.signed.get('a')).toBeUndefined();
    expect(signer.sign('a')).toBe(cookies[0]);
    expect(signer.unsign(cookies[0])).toEqual({ valid: true, renew: false, value: 'a' });
  });
});
