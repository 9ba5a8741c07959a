import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { RedisHealthIndicator } from './redis.health-indicator';
import { ShutdownHealthIndicator } from './shutdown.health-indicator';

/**
 * `GET /<prefix>/health/live`: the process answers (the container's health check).
 * `GET /<prefix>/health/ready`: it can serve: Redis is up and it is not shutting down (the
 * proxy's health check).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.shutdown.isHealthy(), () => this.redis.isHealthy()]);
  }
}
