import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient } from './redis-client.factory';
import { RedisClient } from './redis-client.type';
import { RedisModuleOptions } from './redis-module-options.interface';
import { REDIS_CLIENT } from './redis.constants';
import { ConfigurableRedisModule, REDIS_MODULE_OPTIONS } from './redis.module-definition';

/**
 * Provides one `ioredis` client for the whole app (global by default) and closes it on shutdown.
 *
 * @publicApi
 */
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [REDIS_MODULE_OPTIONS],
      useFactory: (options: RedisModuleOptions) => createRedisClient(options),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule extends ConfigurableRedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT lets pending replies arrive; when Redis is already gone there is nothing to wait for.
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
