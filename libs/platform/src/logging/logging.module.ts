import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { Environment } from '../config/environment';
import { createLoggerParams } from './logger-params';
import { RequestLogger } from './request-logger';

/**
 * JSON logs (`nestjs-pino`) for the app `name`: Nest's logger writes through pino, and
 * `RequestLogger` writes a line per request.
 */
@Module({ providers: [RequestLogger] })
export class LoggingModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly requestLogger: RequestLogger,
  ) {}

  static forApp(name: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) =>
            createLoggerParams({
              app: name,
              replica: `${name}-${config.get('REPLICA_NAME', { infer: true })}`,
              level: config.get('LOG_LEVEL', { infer: true }),
              format:
                config.get('LOG_FORMAT', { infer: true }) ??
                (config.get('NODE_ENV', { infer: true }) === 'development' ? 'pretty' : 'json'),
            }),
        }),
      ],
    };
  }

  // Runs while Nest registers middleware, before any route exists, so the hooks see every route.
  configure(_consumer: MiddlewareConsumer): void {
    this.requestLogger.observe(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
