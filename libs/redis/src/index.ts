export { InjectRedis } from './inject-redis.decorator';
export { createRedisClient } from './redis-client.factory';
export { redisAddressOf, untilRedisReady } from './redis-connection';
export { RedisModuleOptions } from './redis-module-options.interface';
export { isRedisUnavailableError } from './redis-unavailable';
export { REDIS_CLIENT } from './redis.constants';
export { RedisModule } from './redis.module';
export { REDIS_ASYNC_OPTIONS_TYPE, REDIS_OPTIONS_TYPE } from './redis.module-definition';
