import { generateSessionId, publicIdOf, userAgentIdOf, userTagOf, userTagOfSession } from './session-id';

describe('session ids', () => {
  it('are 192 random bits, never repeated, and name no user when anonymous', () => {
    const ids = Array.from({ length: 1000 }, () => generateSessionId());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids.slice(0, 10)) {
      expect(id).toMatch(/^[\w-]{32}$/);
      expect(userTagOfSession(id)).toBeNull();
    }
  });

  it("name a signed-in session's user by a tag that does not show the user id", () => {
    const userId = '0b6f2a4e-7c1d-4f7a-9d3e-2f1a5b6c7d8e';
    const id = generateSessionId(userId);
    expect(id).toMatch(/^[\w-]{32}\.[\w-]{16}$/);
    expect(id).not.toContain(userId.slice(0, 8));
    expect(userTagOfSession(id)).toBe(userTagOf(userId));
    expect(userTagOfSession(generateSessionId('any user id: ü.:/'))).toBe(userTagOf('any user id: ü.:/'));
    expect(userTagOf('user-1')).not.toBe(userTagOf('user-2'));
  });

  it('have a public id, 128 bits of their hash, that is not the id', () => {
    const id = generateSessionId('user-1');
    expect(publicIdOf(id)).toMatch(/^[\w-]{22}$/);
    expect(publicIdOf(id)).toBe(publicIdOf(id));
    expect(id).not.toContain(publicIdOf(id));
    expect(userAgentIdOf('Mozilla/5.0')).toMatch(/^[\w-]{16}$/);
  });
});
