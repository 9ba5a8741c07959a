import { Injectable } from '@nestjs/common';
import { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { requestLineWriter } from './request-line';

// The health checks' routes (HealthController): probed every few seconds per replica by the
// proxy and the engine, so their lines are `debug`, whatever the status (one fails on every
// shutdown drain).
const HEALTH_PROBE_ROUTE = /\/health\/(live|ready)$/;

/**
 * Writes one line per request (method, path, status, duration and the request's id) at `info`,
 * `error` for a 5xx, `debug` for a health probe, from Fastify's `onResponse` hook: no
 * middleware, no child logger and no async context per request, and nothing at all when the
 * level leaves the line out.
 */
@Injectable()
export class RequestLogger {
  constructor(private readonly logger: PinoLogger) {}

  /** Adds the hooks; to be called before the routes are added, so they see them all. */
  observe(fastify: FastifyInstance): void {
    // Outside a request's async context `logger` is the root logger.
    const root = this.logger.logger;
    const lines = requestLineWriter(root);
    fastify.addHook('onResponse', (request, reply, done) => {
      const failed = reply.statusCode >= 500;
      // The route pattern (a getter that builds an object) only for what may be a probe.
      const probe = request.url.includes('/health/') && HEALTH_PROBE_ROUTE.test(request.routeOptions.url ?? '');
      const level = probe ? 'debug' : failed ? 'error' : 'info';
      lines(level, request, reply, failed ? 'request failed' : 'request completed');
      done();
    });
    // A client gone before its response was sent: Fastify runs no hook for it once the request has
    // been read, so its response's `close` tells. Only listened for when the line would be written.
    if (root.isLevelEnabled('info')) {
      fastify.addHook('onRequest', (request, reply, done) => {
        // `on`, not `once`: a response closes once, and `once` wraps and later removes the listener.
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) lines('info', request, undefined, 'request aborted');
        });
        done();
      });
    }
  }
}
