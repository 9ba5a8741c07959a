import { Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { REDIS_CLIENT, RedisClient } from '@app/redis';
import { AuthenticatedGuard } from './guards/authenticated.guard';
import { RolesGuard } from './guards/roles.guard';
import { RedisSessionStore } from './redis-session.store';
import { resolveSessionOptions } from './resolve-session-options';
import {
  RESOLVED_SESSION_OPTIONS,
  SESSION_INVALIDATION_LISTENER,
  SESSION_NEAR_CACHE,
  SESSION_STORE,
} from './session.constants';
import { SessionMetrics } from './session-metrics';
import { MAX_SILENCE_MS, SessionInvalidationListener } from './session-invalidation.listener';
import { ConfigurableSessionModule, SESSION_MODULE_OPTIONS } from './session.module-definition';
import { SessionNearCache } from './session-near-cache';
import { ResolvedSessionOptions } from './session-options.interface';
import { registerSession } from './session.plugin';
import { SessionService } from './session.service';

/**
 * Shared sessions for every replica of every app: registers `@fastify/session` with a Redis
 * store on the app's Fastify instance. Needs the `REDIS_CLIENT` of `RedisModule`.
 *
 * @publicApi
 */
@Module({
  providers: [
    { provide: RESOLVED_SESSION_OPTIONS, inject: [SESSION_MODULE_OPTIONS], useFactory: resolveSessionOptions },
    {
      provide: SESSION_NEAR_CACHE,
      inject: [RESOLVED_SESSION_OPTIONS],
      useFactory: ({ nearCache }: ResolvedSessionOptions) =>
        nearCache ? new SessionNearCache(nearCache.maxEntries, MAX_SILENCE_MS) : null,
    },
    {
      provide: SESSION_INVALIDATION_LISTENER,
      inject: [REDIS_CLIENT, RESOLVED_SESSION_OPTIONS, SESSION_NEAR_CACHE],
      useFactory: (redis: RedisClient, options: ResolvedSessionOptions, cache: SessionNearCache | null) =>
        cache ? new SessionInvalidationListener(redis, cache, options.keyPrefix) : null,
    },
    {
      provide: SESSION_STORE,
      inject: [REDIS_CLIENT, RESOLVED_SESSION_OPTIONS, SESSION_NEAR_CACHE, SessionMetrics],
      useFactory: (
        redis: RedisClient,
        options: ResolvedSessionOptions,
        cache: SessionNearCache | null,
        metrics: SessionMetrics,
      ) => new RedisSessionStore(redis, options, cache, metrics),
    },
    SessionService,
    SessionMetrics,
    AuthenticatedGuard,
    RolesGuard,
  ],
  exports: [
    SESSION_STORE,
    SESSION_NEAR_CACHE,
    RESOLVED_SESSION_OPTIONS,
    SessionService,
    SessionMetrics,
    AuthenticatedGuard,
    RolesGuard,
  ],
})
export class SessionModule extends ConfigurableSessionModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Inject(SESSION_STORE) private readonly store: RedisSessionStore,
    private readonly metrics: SessionMetrics,
  ) {
    super();
  }

  // Runs while Nest registers middleware, before any route exists, so the session hooks apply
  // to every route. Not awaited: awaiting would boot Fastify's plugin queue early, and routes
  // added afterwards would miss Nest's error handler.
  configure(_consumer: MiddlewareConsumer): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(registerSession, { options: this.options, store: this.store });
    this.metrics.observeRequests(fastify);
  }
}
