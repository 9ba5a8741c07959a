import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { getToken, makeCounterProvider, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { FastifyInstance } from 'fastify';
import { countRequestsFromDurations, HttpMetrics } from './http-metrics';
import {
  HTTP_DURATION_BUCKETS,
  HTTP_LABELS,
  HTTP_REQUEST_DURATION_SECONDS,
  HTTP_REQUESTS_TOTAL,
  SESSION_HITS_TOTAL,
  SESSION_LOADS_TOTAL,
  SESSION_MISSES_TOTAL,
  SESSION_REDIS_DURATION_SECONDS,
  SESSION_REDIS_ERRORS_TOTAL,
  SESSION_WRITES_SKIPPED_TOTAL,
  SESSION_WRITES_TOTAL,
} from './metrics.constants';
import { MetricsController } from './metrics.controller';
import { SessionMetricsCollector } from './session-metrics.collector';

/**
 * `GET /<prefix>/metrics` (Prometheus, through `@willsoto/nestjs-prometheus`): the process's
 * default metrics, requests by route and status, and the session library's counters.
 */
@Module({
  providers: [
    makeCounterProvider({
      name: HTTP_REQUESTS_TOTAL,
      help: 'Requests served',
      labelNames: HTTP_LABELS,
      inject: [getToken(HTTP_REQUEST_DURATION_SECONDS)],
      collect: countRequestsFromDurations,
    }),
    makeHistogramProvider({
      name: HTTP_REQUEST_DURATION_SECONDS,
      help: 'Time from request to response',
      labelNames: HTTP_LABELS,
      buckets: HTTP_DURATION_BUCKETS,
    }),
    makeCounterProvider({ name: SESSION_LOADS_TOTAL, help: 'Sessions looked up by id' }),
    makeCounterProvider({ name: SESSION_HITS_TOTAL, help: 'Lookups that found a live session' }),
    makeCounterProvider({ name: SESSION_MISSES_TOTAL, help: 'Lookups that found no live session' }),
    makeCounterProvider({ name: SESSION_WRITES_TOTAL, help: 'Sessions written to Redis' }),
    makeCounterProvider({
      name: SESSION_WRITES_SKIPPED_TOTAL,
      help: 'Requests whose unchanged session was not written',
    }),
    makeCounterProvider({
      name: SESSION_REDIS_ERRORS_TOTAL,
      help: 'Failed Redis calls of the session store',
      labelNames: ['operation'],
    }),
    makeHistogramProvider({
      name: SESSION_REDIS_DURATION_SECONDS,
      help: 'Duration of the session store Redis calls',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    }),
    HttpMetrics,
    SessionMetricsCollector,
  ],
})
export class MetricsModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly httpMetrics: HttpMetrics,
  ) {}

  /** The metrics of the app `name`: its metrics carry the label `app="<name>"`. */
  static forApp(name: string): DynamicModule {
    return {
      module: MetricsModule,
      // Async: the default metrics are registered when the app is created, not when its module
      // file is imported, so importing several app modules in one process does not clash.
      imports: [
        PrometheusModule.registerAsync({
          controller: MetricsController,
          useFactory: () => ({ defaultLabels: { app: name } }),
        }),
      ],
    };
  }

  // Runs while Nest registers middleware, before any route exists, so the hook sees every route.
  configure(_consumer: MiddlewareConsumer): void {
    this.httpMetrics.observe(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
