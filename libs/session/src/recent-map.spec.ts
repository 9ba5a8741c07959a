import { RecentMap } from './recent-map';

describe('RecentMap', () => {
  it('holds the entries set lately, between one and two generations of them', () => {
    const map = new RecentMap<number>(3);
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
    // k0-k5 filled two generations that are gone; k6-k8 are the older one, k9 the newer.
    expect(map.size).toBe(4);
    expect(map.get('k5')).toBeUndefined();
    expect(map.get('k6')).toBe(6);
    expect(map.get('k9')).toBe(9);
  });

  it('keeps an entry that is read: it moves to the newer generation', () => {
    const map = new RecentMap<number>(2);
    map.set('kept', 1);
    map.set('b', 2); // full: kept and b are now the older generation
    expect(map.get('kept')).toBe(1); // back in the newer one
    map.set('c', 3); // full again: kept and c are the older, b is dropped
    map.set('d', 4);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('kept')).toBe(1);
  });
});
