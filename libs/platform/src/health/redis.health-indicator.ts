import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { InjectRedis, redisAddressOf } from '@app/redis';

/**
 * Up when Redis answers `PING` within the client's command timeout. Down, its message says which
 * Redis and why: the last connection error while the client is not connected.
 */
@Injectable()
export class RedisHealthIndicator {
  private lastConnectionError?: string;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {
    redis.on('error', (error: Error) => (this.lastConnectionError = error.message));
    redis.on('ready', () => (this.lastConnectionError = undefined));
  }

  async isHealthy(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const address = redisAddressOf(this.redis);
    if (this.redis.status !== 'ready') {
      const why = this.lastConnectionError ? ` (${this.lastConnectionError})` : '';
      return indicator.down({ message: `Redis at ${address} cannot be reached${why}; retrying` });
    }
    try {
      await this.redis.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: `Redis at ${address} did not answer PING: ${(error as Error).message}` });
    }
  }
}
