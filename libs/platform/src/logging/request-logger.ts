import { Injectable } from '@nestjs/common';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';

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
    // Outside a request's async context `logger` is the root logger. The request line's fields
    // are fixed and none is secret, so it skips the redaction of ad hoc log calls, which
    // walks every wildcard path of every object it logs (tens of microseconds a line).
    const lines = this.logger.logger.child({}, { redact: [] });
    fastify.addHook('onResponse', (request, reply, done) => {
      const failed = reply.statusCode >= 500;
      // The route pattern (a getter that builds an object) only for what may be a probe.
      const probe = request.url.includes('/health/') && HEALTH_PROBE_ROUTE.test(request.routeOptions.url ?? '');
      const level = probe ? 'debug' : failed ? 'error' : 'info';
      write(lines, level, request, reply, failed ? 'request failed' : 'request completed');
      done();
    });
    // A client gone before its response was sent: Fastify runs no hook for it once the request has
    // been read, so its response's `close` tells. Only listened for when the line would be written.
    if (lines.isLevelEnabled('info')) {
      fastify.addHook('onRequest', (request, reply, done) => {
        // `on`, not `once`: a response closes once, and `once` wraps and later removes the listener.
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) write(lines, 'info', request, undefined, 'request aborted');
        });
        done();
      });
    }
  }
}

function write(
  lines: Logger,
  level: 'debug' | 'info' | 'error',
  request: FastifyRequest,
  reply: FastifyReply | undefined,
  message: string,
): void {
  if (!lines.isLevelEnabled(level)) return;
  const url = request.url;
  const query = url.indexOf('?');
  lines[level](
    {
      requestId: request.id,
      method: request.method,
      // The path only: a query string may carry what a log must not.
      path: query === -1 ? url : url.slice(0, query),
      status: reply?.statusCode,
      durationMs: Math.round(reply ? reply.elapsedTime : 0),
    },
    message,
  );
}
