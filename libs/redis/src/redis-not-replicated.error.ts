/**
 * A write was done on the master, but not as many replicas as asked acknowledged it within the
 * timeout (`WAIT`): a failover now could lose it. Treated as Redis unavailable (503), so the
 * client retries; the writes that wait are the ones that are safe to repeat.
 *
 * @publicApi
 */
export class RedisNotReplicatedError extends Error {
  override readonly name = 'RedisNotReplicatedError';

  constructor(
    readonly acknowledged: number,
    readonly required: number,
  ) {
    super(`${acknowledged} of ${required} replicas acknowledged the write in time`);
  }
}
