import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { GracefulShutdownService } from '../shutdown/graceful-shutdown.service';

/** Down from the moment the app began shutting down, so the proxy stops sending it requests. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly shutdown: GracefulShutdownService,
    private readonly health: HealthIndicatorService,
  ) {}

  isHealthy(key = 'shutdown'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    return this.shutdown.isShuttingDown ? indicator.down({ message: 'shutting down' }) : indicator.up();
  }
}
