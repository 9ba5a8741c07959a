import { stdTimeFunctions } from 'pino';
import { cachedIsoTime } from './iso-time';

describe('cachedIsoTime', () => {
  it('writes what pino’s isoTime writes, for each millisecond', () => {
    let now = Date.UTC(2026, 11, 5, 20, 15, 0, 123);
    const time = cachedIsoTime(() => now);
    const pinoTime = (at: number): string => {
      const realNow = Date.now;
      Date.now = () => at;
      try {
        return stdTimeFunctions.isoTime();
      } finally {
        Date.now = realNow;
      }
    };
    expect(time()).toBe(',"time":"2026-12-05T20:15:00.123Z"');
    expect(time()).toBe(pinoTime(now));
    now += 1;
    expect(time()).toBe(pinoTime(now));
    now += 86_400_000;
    expect(time()).toBe(',"time":"2026-12-06T20:15:00.124Z"');
  });
});
