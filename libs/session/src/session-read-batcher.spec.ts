import Redis from 'ioredis';
import { SessionReadBatcher } from './session-read-batcher';

/**
 * A client that answers GET with `key` and HGET with `key/field`, or fails keys starting with
 * `bad`, and records what was sent, alone or in a pipeline.
 */
function fakeRedis(): { redis: Redis; pipelines: string[][]; singles: string[] } {
  const pipelines: string[][] = [];
  const singles: string[] = [];
  const answer = (key: string, field?: string): [Error | null, unknown] =>
    key.startsWith('bad') ? [new Error(`no ${key}`), null] : [null, field ? `${key}/${field}` : key];
  const reply = (key: string, field?: string): Promise<unknown> => {
    singles.push(field ? `HGET ${key} ${field}` : `GET ${key}`);
    const [error, value] = answer(key, field);
    return error ? Promise.reject(error) : Promise.resolve(value);
  };
  const redis = {
    get: (key: string) => reply(key),
    hget: (key: string, field: string) => reply(key, field),
    pipeline: () => {
      const sent: string[] = [];
      const answers: [Error | null, unknown][] = [];
      pipelines.push(sent);
      const pipeline = {
        get: (key: string) => (sent.push(`GET ${key}`), answers.push(answer(key)), pipeline),
        hget: (key: string, field: string) => (
          sent.push(`HGET ${key} ${field}`),
          answers.push(answer(key, field)),
          pipeline
        ),
        exec: () => Promise.resolve(answers),
      };
      return pipeline;
    },
  } as unknown as Redis;
  return { redis, pipelines, singles };
}

describe('SessionReadBatcher', () => {
  it('sends the reads of one turn as one pipeline, and answers each with its own reply', async () => {
    const { redis, pipelines, singles } = fakeRedis();
    const reported: boolean[] = [];
    const batcher = new SessionReadBatcher(redis, (_seconds, failed) => reported.push(failed));

    const answers = await Promise.allSettled([
      batcher.read('a', ''),
      batcher.read('bad-b', ''),
      batcher.read('user:c', 'f'),
    ]);

    expect(pipelines).toEqual([['GET a', 'GET bad-b', 'HGET user:c f']]);
    expect(singles).toEqual([]);
    expect(answers).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: new Error('no bad-b') },
      { status: 'fulfilled', value: 'user:c/f' },
    ]);
    expect(reported).toEqual([false, true, false]);
  });

  it('sends a lone read as a plain command, and reads of later turns separately', async () => {
    const { redis, pipelines, singles } = fakeRedis();
    const batcher = new SessionReadBatcher(redis);
    expect(await batcher.read('user:a', 'f')).toBe('user:a/f');
    await expect(batcher.read('bad-x', '')).rejects.toThrow('no bad-x');
    expect(singles).toEqual(['HGET user:a f', 'GET bad-x']);
    expect(pipelines).toEqual([]);
  });
});
