import { Inject } from '@nestjs/common';
import { REDIS_CLIENT } from './redis.constants';

/**
 * Injects the shared `ioredis` client.
 *
 * @publicApi
 */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);
