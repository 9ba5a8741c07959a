export { InjectRedis } from './inject-redis.decorator';
export { createRedisClient } from './redis-client.factory';
export { redisAddressOf, untilRedisReady } from './redis-connection';
export type { RedisClient } from './redis-client.type';
export type {
  RedisClusterOptions,
  RedisModuleOptions,
  RedisNodeAddress,
  RedisSentinelOptions,
} from './redis-module-options.interface';
export { RedisNotReplicatedError } from './redis-not-replicated.error';
export { isRedisUnavailableError } from './redis-unavailable';
export { writeAndWaitForReplicas } from './replica-wait';
export type { ReplicaWait } from './replica-wait';
export { REDIS_CLIENT } from './redis.constants';
export { RedisModule } from './redis.module';
export { REDIS_ASYNC_OPTIONS_TYPE, REDIS_OPTIONS_TYPE } from './redis.module-definition';
