import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { RedisModule } from '@app/redis';
import { SessionModule } from '@app/session';
import { Environment, validateEnvironment } from './config/environment';
import { HealthController } from './health/health.controller';
import { RedisHealthIndicator } from './health/redis.health-indicator';
import { ShutdownHealthIndicator } from './health/shutdown.health-indicator';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { APP_NAME } from './platform.constants';
import { ConfigurablePlatformModule, PLATFORM_OPTIONS_TYPE } from './platform.module-definition';
import { GracefulShutdownService } from './shutdown/graceful-shutdown.service';
import { createValidationPipe } from './validation/create-validation-pipe';

type AppConfig = ConfigService<Environment, true>;

/**
 * What every app of the monorepo shares, imported once by its root module: validated config,
 * the Redis client, shared sessions, health checks, graceful shutdown, input validation,
 * structured logs (`nestjs-pino`) and Prometheus metrics (`/<name>/metrics`).
 *
 * @publicApi
 */
@Module({
  // No log line per failing probe: one is expected during every shutdown drain, and the Redis
  // client already logs each outage once.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    RedisHealthIndicator,
    ShutdownHealthIndicator,
    GracefulShutdownService,
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class PlatformModule extends ConfigurablePlatformModule {
  static override forRoot(options: typeof PLATFORM_OPTIONS_TYPE): DynamicModule {
    const definition = super.forRoot(options);
    return {
      ...definition,
      imports: [
        ...(definition.imports ?? []),
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: validateEnvironment }),
        LoggingModule.forApp(options.name),
        MetricsModule.forApp(options.name),
        RedisModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: AppConfig) => ({
            url: config.get('REDIS_URL', { infer: true }),
            connectionName: `${options.name}-${config.get('REPLICA_NAME', { infer: true })}`,
          }),
        }),
        SessionModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: AppConfig) => {
            const secure = config.get('SESSION_COOKIE_SECURE', { infer: true });
            const nearCacheEntries = config.get('SESSION_NEAR_CACHE_MAX_ENTRIES', { infer: true });
            return {
              secrets: config.get('SESSION_SECRETS', { infer: true }),
              cookieName: config.get('SESSION_COOKIE_NAME', { infer: true }),
              cookieSecure: secure === 'auto' ? 'auto' : secure === 'true',
              idleTimeoutSeconds: config.get('SESSION_IDLE_TIMEOUT_SECONDS', { infer: true }),
              absoluteTimeoutSeconds: config.get('SESSION_ABSOLUTE_TIMEOUT_SECONDS', { infer: true }),
              touchIntervalSeconds: config.get('SESSION_TOUCH_INTERVAL_SECONDS', { infer: true }),
              anonymousTimeoutSeconds: config.get('SESSION_ANONYMOUS_TIMEOUT_SECONDS', { infer: true }),
              anonymousSessionsPerHour: config.get('SESSION_ANONYMOUS_PER_HOUR', { infer: true }),
              maxDataBytes: config.get('SESSION_MAX_DATA_BYTES', { infer: true }),
              nearCache: nearCacheEntries > 0 ? { maxEntries: nearCacheEntries } : undefined,
            };
          },
        }),
      ],
      providers: [...(definition.providers ?? []), { provide: APP_NAME, useValue: options.name }],
      exports: [APP_NAME],
    };
  }
}
