import Redis from 'ioredis';
import { SessionReadBatcher } from './session-read-batcher';

/** A client that answers HGETALL with `{ k: key }`, or fails keys starting with `bad`. */
function fakeRedis(): { redis: Redis; pipelines: string[][]; singles: string[] } {
  const pipelines: string[][] = [];
  const singles: string[] = [];
  const answer = (key: string): [Error | null, unknown] =>
    key.startsWith('bad') ? [new Error(`no ${key}`), null] : [null, { k: key }];
  const redis = {
    hgetall: (key: string) => {
      singles.push(key);
      const [error, fields] = answer(key);
      return error ? Promise.reject(error) : Promise.resolve(fields);
    },
    pipeline: () => {
      const keys: string[] = [];
      pipelines.push(keys);
      const pipeline = {
        hgetall: (key: string) => (keys.push(key), pipeline),
        exec: () => Promise.resolve(keys.map(answer)),
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

    const answers = await Promise.allSettled(['a', 'bad-b', 'c'].map((key) => batcher.hgetall(key)));

    expect(pipelines).toEqual([['a', 'bad-b', 'c']]);
    expect(singles).toEqual([]);
    expect(answers).toEqual([
      { status: 'fulfilled', value: { k: 'a' } },
      { status: 'rejected', reason: new Error('no bad-b') },
      { status: 'fulfilled', value: { k: 'c' } },
    ]);
    expect(reported).toEqual([false, true, false]);
  });

  it('sends a lone read as a plain command, and reads of later turns separately', async () => {
    const { redis, pipelines, singles } = fakeRedis();
    const batcher = new SessionReadBatcher(redis);
    expect(await batcher.hgetall('a')).toEqual({ k: 'a' });
    await expect(batcher.hgetall('bad-x')).rejects.toThrow('no bad-x');
    expect(singles).toEqual(['a', 'bad-x']);
    expect(pipelines).toEqual([]);
  });
});
