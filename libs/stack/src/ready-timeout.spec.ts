import { availableParallelism } from 'node:os';
import { readyTimeoutFor } from './ready-timeout';

describe('readyTimeoutFor', () => {
  const cores = availableParallelism();

  it('gives up to one process per core the bound of one', () => {
    expect(readyTimeoutFor(1, 1000)).toBe(1000);
    expect(readyTimeoutFor(cores, 1000)).toBe(1000);
  });

  it('grows with the processes each core must start', () => {
    expect(readyTimeoutFor(cores + 1, 1000)).toBe(2000);
    expect(readyTimeoutFor(3 * cores, 1000)).toBe(3000);
  });
});
