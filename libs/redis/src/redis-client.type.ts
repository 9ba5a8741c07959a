import type Redis from 'ioredis';
import type { Cluster } from 'ioredis';

/**
 * The shared client: a `Redis` (a single Redis, or the master behind Sentinel) or a `Cluster`.
 * Both take the same commands, scripts and pipelines; a pipeline or script on a cluster must
 * keep its keys in one slot.
 *
 * @publicApi
 */
export type RedisClient = Redis | Cluster;
