import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';

/**
 * The first step of a graceful shutdown, run by Nest's shutdown hooks (`enableShutdownHooks()`)
 * before it closes the HTTP server.
 *
 * From the signal on, {@link GracefulShutdownService.isShuttingDown} is true, so the readiness
 * check fails and the proxy takes the replica out of rotation, while requests are still served
 * for `SHUTDOWN_DRAIN_SECONDS`. Nest then closes Fastify (it stops accepting connections, lets
 * in-flight requests finish) and, in `onApplicationShutdown`, the Redis client. Should all of it
 * take longer than `SHUTDOWN_DRAIN_SECONDS + SHUTDOWN_TIMEOUT_SECONDS`, the process exits with
 * code 1, before the orchestrator's SIGKILL.
 *
 * Modules that hold resources release them in `onApplicationShutdown` (after the server has
 * closed), as `RedisModule` does: `onModuleDestroy` runs before the drain, while requests are
 * still being served.
 */
@Injectable()
export class GracefulShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private shuttingDown = false;

  constructor(private readonly config: ConfigService<Environment, true>) {}

  /** True from the moment the shutdown began. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.shuttingDown = true;
    // Closed from code (a test, a script): no proxy to wait for, and the process is the caller's.
    if (!signal) return;

    const drainSeconds = this.config.get('SHUTDOWN_DRAIN_SECONDS', { infer: true });
    const limitSeconds = drainSeconds + this.config.get('SHUTDOWN_TIMEOUT_SECONDS', { infer: true });
    setTimeout(() => {
      this.logger.error(`${signal}: still not closed after ${limitSeconds} s, exiting`);
      process.exit(1);
    }, limitSeconds * 1000).unref();

    if (drainSeconds > 0) {
      this.logger.log(`${signal}: not ready any more, serving for ${drainSeconds} s more before closing`);
      await new Promise((resolve) => setTimeout(resolve, drainSeconds * 1000));
    }
  }
}
