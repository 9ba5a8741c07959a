import { Session } from 'fastify';
import { decodeSessionRecord, encodeSessionRecord } from './session-record';

describe('session records', () => {
  const session = {
    createdAt: 1_764_000_000,
    touchedAt: 1_764_000_060,
    user: { id: 'user-1', email: 'ann@example.com', roles: ['user', 'admin'] },
    ip: '203.0.113.7',
    userAgentId: 'AbCdEfGhIjKlMnOp',
  } as Session;

  it('keep the values by position, without trailing empty values', () => {
    const record = encodeSessionRecord(session);
    expect(record).toEqual([
      1_764_000_000,
      1_764_000_060,
      'user-1',
      'ann@example.com',
      'user,admin',
      '203.0.113.7',
      'AbCdEfGhIjKlMnOp',
    ]);
    expect(JSON.stringify(record).length).toBeLessThan(110);
  });

  it('read back as the same session', () => {
    expect(decodeSessionRecord(JSON.stringify(encodeSessionRecord(session)))).toEqual(session);
    const anonymous = { createdAt: 1, touchedAt: 2, cartId: 'cart-1' } as Session;
    expect(decodeSessionRecord(JSON.stringify(encodeSessionRecord(anonymous)))).toEqual(anonymous);
  });

  it('read as no session when missing or unreadable', () => {
    for (const stored of [null, '', 'not json', '{}', '[]', '["1",2]', '[1]']) {
      expect(decodeSessionRecord(stored)).toBeNull();
    }
  });
});
