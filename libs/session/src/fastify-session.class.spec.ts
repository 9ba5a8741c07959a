import * as crypto from 'node:crypto';
import type { FastifyRequest, Session } from 'fastify';
import { FastifySession } from './fastify-session.class';
import type { RedisSessionStore } from './redis-session.store';
import { SessionCookieSigner } from './session-cookie.signer';

const signer = new SessionCookieSigner(['a-test-secret-that-is-long-enough-123456']);
const loaded = (stored: Record<string, unknown>) =>
  new FastifySession(
    {} as RedisSessionStore,
    {} as FastifyRequest,
    () => 'new-id',
    { path: '/', httpOnly: true },
    signer,
    stored as unknown as Session,
    'an-id',
  ) as unknown as Session & Record<string, unknown> & { isModified(): boolean };

describe('FastifySession', () => {
  const stored = { createdAt: 1_700_000_000, touchedAt: 1_700_000_100, ip: '203.0.113.7', cart: [{ sku: 'MUG-001' }] };

  it('is unchanged as loaded, and changed once a value the store keeps changes', () => {
    const session = loaded(stored);
    expect(session.isModified()).toBe(false);
    session.cart = [{ sku: 'MUG-001' }];
    expect(session.isModified()).toBe(false);
    (session.cart as { sku: string }[]).push({ sku: 'TEE-002' });
    expect(session.isModified()).toBe(true);
    session.cart = stored.cart;
    session.note = 'new';
    expect(session.isModified()).toBe(true);
    delete session.note;
    session.ip = '198.51.100.1';
    expect(session.isModified()).toBe(true);
  });

  it('counts a session the store cannot write as changed, so that its save says why', () => {
    const session = loaded(stored);
    session.count = 10n;
    expect(session.isModified()).toBe(true);
  });

  it('does not hash the session (the change check of @fastify/session)', () => {
    const hash = jest.spyOn(crypto, 'createHash');
    loaded(stored).isModified();
    expect(hash).not.toHaveBeenCalled();
    hash.mockRestore();
  });
});
