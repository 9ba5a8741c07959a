import { applyDecorators, Controller, Get, HttpException, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { HealthReport } from './dto/health-report.dto';
import { RedisHealthIndicator } from './redis.health-indicator';
import { ShutdownHealthIndicator } from './shutdown.health-indicator';

/**
 * `GET /<prefix>/health/live`: the process answers (the container's health check), once it has
 * been ready at least once (the start gate).
 * `GET /<prefix>/health/ready`: it can serve: Redis is up and it is not shutting down (the
 * proxy's health check). Its 503 says why in the usual error body, e.g. `Not ready: redis: Redis
 * at 127.0.0.1:6379 cannot be reached (connect ECONNREFUSED 127.0.0.1:6379); retrying`.
 */
@Controller('health')
export class HealthController {
  private readyOnce = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
  ) {}

  // Swarm judges a new task by this check alone: a release that never becomes ready (a wrong
  // REDIS_URL) must fail it, or it replaces every replica. Once ready, a Redis outage leaves it
  // passing, so Swarm does not replace every replica in a loop.
  @Get('live')
  @HealthEndpoint()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.readyOnce ? this.health.check([]) : this.ready();
  }

  @Get('ready')
  @HealthEndpoint()
  @ApiOperation({ summary: 'Readiness: Redis answers and the replica is not shutting down' })
  async ready(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([() => this.shutdown.isHealthy(), () => this.redis.isHealthy()]);
      this.readyOnce = true;
      return result;
    } catch (error) {
      throw whyNotReady(error);
    }
  }
}

/**
 * A terminus health check, documented here: terminus documents its own report as the 503 body,
 * and the answer is the error body (see whyNotReady).
 */
function HealthEndpoint(): MethodDecorator {
  return applyDecorators(
    HealthCheck({ noCache: true, swaggerDocumentation: false }),
    ApiOkResponse({ type: HealthReport }),
    ApiServiceUnavailableResponse({ description: 'Not ready: Redis does not answer, or the replica is shutting down' }),
  );
}

/** Terminus' 503 carries the failed checks as its response; the error body keeps their messages. */
function whyNotReady(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  const { error: failed = {} } = error.getResponse() as Partial<HealthCheckResult>;
  const reasons = Object.entries(failed).map(([key, result]) => `${key}: ${String(result?.message ?? 'down')}`);
  return new ServiceUnavailableException(`Not ready: ${reasons.join('; ') || 'a check failed'}`);
}
