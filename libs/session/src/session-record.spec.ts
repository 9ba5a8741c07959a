import { Session } from 'fastify';
import { decodeSessionRecord, encodeSession, recordOf } from './session-record';

describe('session records', () => {
  const session = {
    createdAt: 1_764_000_000,
    touchedAt: 1_764_000_060,
    user: { id: 'user-1', email: 'ann@example.com', roles: ['user', 'admin'] },
    ip: '203.0.113.7',
    userAgentId: 'AbCdEfGhIjKlMnOp',
  } as Session;
  const stored = (value: Session): string => JSON.stringify(recordOf(encodeSession(value)));

  it('keep the values by position, without trailing empty values', () => {
    const record = recordOf(encodeSession(session));
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

  it("keep an app's data as one more position, each value as its JSON text", () => {
    const withData = { createdAt: 1, touchedAt: 2, draftOrderId: 'o-1', step: 3 } as unknown as Session;
    expect(recordOf(encodeSession(withData))).toEqual([
      1,
      2,
      null,
      null,
      null,
      null,
      null,
      { draftOrderId: '"o-1"', step: '3' },
    ]);
  });

  it('read back as the same session, every JSON type of the data with it', () => {
    expect(decodeSessionRecord(stored(session))).toEqual(session);
    const data = {
      text: 'é\u2028"\\',
      big: Number.MAX_SAFE_INTEGER,
      fraction: 0.1 + 0.2,
      yes: true,
      nothing: null,
      empty: [],
      list: [1, 'two', [3], {}],
      nested: { a: { b: [] } },
    };
    const anonymous = { createdAt: 1, touchedAt: 2, ...data } as unknown as Session;
    expect(decodeSessionRecord(stored(anonymous))).toEqual(anonymous);
  });

  it('leave out a value that is undefined, and refuse a name that is not an identifier', () => {
    const session = { createdAt: 1, touchedAt: 2, gone: undefined } as unknown as Session;
    expect(encodeSession(session).data).toEqual({});
    const odd = { createdAt: 1, touchedAt: 2, 'two words': 1 } as unknown as Session;
    expect(() => encodeSession(odd)).toThrow(/identifiers/);
    const bigint = { createdAt: 1, touchedAt: 2, count: 1n } as unknown as Session;
    expect(() => encodeSession(bigint)).toThrow();
  });

  it('read as no session when missing or unreadable', () => {
    for (const stored of [null, '', 'not json', '{}', '[]', '["1",2]', '[1]']) {
      expect(decodeSessionRecord(stored)).toBeNull();
    }
  });
});
