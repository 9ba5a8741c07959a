import { SessionMetrics, SessionMetricsObserver } from './session-metrics';

describe('SessionMetrics', () => {
  const observed = (): { metrics: SessionMetrics; events: string[] } => {
    const metrics = new SessionMetrics();
    const events: string[] = [];
    const observer: SessionMetricsObserver = {
      sessionLoaded: (found) => events.push(found ? 'hit' : 'miss'),
      sessionWritten: () => events.push('written'),
      sessionWriteSkipped: () => events.push('skipped'),
      redisCallEnded: (operation, seconds, failed) =>
        events.push(`${operation} ${failed ? 'failed' : 'ok'} ${seconds >= 0}`),
    };
    metrics.subscribe(observer);
    return { metrics, events };
  };

  it('counts a loaded session that was not written during its request as a skipped write', () => {
    const { metrics, events } = observed();
    const unchanged = { createdAt: 1 };
    const changed = { createdAt: 1 };
    metrics.wrote(changed);
    metrics.requestEnded(unchanged);
    metrics.requestEnded(changed);
    // New sessions never saved, unreadable ones and none at all are not loaded sessions.
    metrics.requestEnded({});
    metrics.requestEnded({ createdAt: 1, storeUnavailable: true });
    metrics.requestEnded(null);
    expect(events).toEqual(['written', 'skipped']);
  });

  it('times the calls of a client that return promises, failed or not, and leaves the others alone', async () => {
    const { metrics, events } = observed();
    const client = {
      status: 'ready',
      hgetall: (key: string) => Promise.resolve({ key }),
      sessionSave: () => Promise.reject(new Error('Connection is closed')),
      defineCommand: () => 'defined',
    };
    const timed = metrics.observeCalls(client);
    expect(timed.status).toBe('ready');
    expect(timed.defineCommand()).toBe('defined');
    expect(await timed.hgetall('sess:x')).toEqual({ key: 'sess:x' });
    await expect(timed.sessionSave()).rejects.toThrow('Connection is closed');
    expect(events).toEqual(['hgetall ok true', 'sessionSave failed true']);
  });

  it('reports to nobody once unsubscribed', () => {
    const metrics = new SessionMetrics();
    const events: boolean[] = [];
    const unsubscribe = metrics.subscribe({ sessionLoaded: (found) => events.push(found) });
    metrics.loaded(true);
    unsubscribe();
    metrics.loaded(false);
    expect(events).toEqual([true]);
  });
});
