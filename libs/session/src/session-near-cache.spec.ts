import { SessionNearCache } from './session-near-cache';

const record = (name: string): string => `[1,1,"${name}@example.com"]`;

describe('SessionNearCache', () => {
  const filled = (maxEntries = 3): SessionNearCache => {
    const cache = new SessionNearCache(maxEntries, 1000);
    cache.enable();
    return cache;
  };
  const keep = (cache: SessionNearCache, key: string, value: string | null = record(key), field = ''): void =>
    cache.endRead(cache.beginRead(key, field), value);

  it('keeps what was read and serves it', () => {
    const cache = filled();
    keep(cache, 'a');
    expect(cache.get('a', '')).toEqual(record('a'));
    expect(cache.get('b', '')).toBeUndefined();
  });

  it('holds at most maxEntries records, dropping the least recently used', () => {
    const cache = filled(2);
    keep(cache, 'a');
    keep(cache, 'b');
    cache.get('a', '');
    keep(cache, 'c');
    expect(cache.size).toBe(2);
    expect(cache.get('b', '')).toBeUndefined();
    expect(cache.get('a', '')).toBeDefined();
    expect(cache.get('c', '')).toBeDefined();
  });

  it('does not keep a missing session', () => {
    const cache = filled();
    keep(cache, 'a', null);
    expect(cache.size).toBe(0);
  });

  it("forgets every session of a user's hash when that key changes, and only those", () => {
    const cache = filled(5);
    keep(cache, 'user:1', record('one'), 'f1');
    keep(cache, 'user:1', record('two'), 'f2');
    keep(cache, 'user:2', record('three'), 'f1');
    expect(cache.get('user:1', 'f2')).toBe(record('two'));
    cache.invalidate(['user:1']);
    expect(cache.get('user:1', 'f1')).toBeUndefined();
    expect(cache.get('user:1', 'f2')).toBeUndefined();
    expect(cache.get('user:2', 'f1')).toBe(record('three'));
    expect(cache.size).toBe(1);
  });

  it('forgets an invalidated key, and does not keep a read that was on its way meanwhile', () => {
    const cache = filled();
    keep(cache, 'a');
    const read = cache.beginRead('b', '');
    cache.invalidate(['a', 'b']);
    cache.endRead(read, record('b'));
    expect(cache.get('a', '')).toBeUndefined();
    expect(cache.get('b', '')).toBeUndefined();
  });

  it('serves nothing before it is enabled, nor after it is disabled, and starts again empty', () => {
    const cache = new SessionNearCache(3, 1000);
    keep(cache, 'a');
    expect(cache.get('a', '')).toBeUndefined();

    cache.enable();
    keep(cache, 'a');
    const onItsWay = cache.beginRead('b', '');
    cache.disable();
    expect(cache.get('a', '')).toBeUndefined();
    cache.enable();
    cache.endRead(onItsWay, record('b'));
    expect(cache.size).toBe(0);
  });

  it('stops serving when Redis has been silent for longer than allowed', () => {
    const cache = new SessionNearCache(3, 1000);
    cache.enable(10_000);
    keep(cache, 'a');
    expect(cache.get('a', '', 10_900)).toBeDefined();
    cache.confirmFresh(10_500);
    expect(cache.get('a', '', 11_400)).toBeDefined();
    expect(cache.get('a', '', 11_600)).toBeUndefined();
  });
});
