import { Injectable } from '@nestjs/common';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/**
 * Writes one line per request (method, path, status, duration and the request's id) at `info`,
 * `error` for a 5xx, from Fastify's `onResponse` hook: no child logger, no middleware and no
 * async context per request, and nothing at all when the level leaves the line out.
 */
@Injectable()
export class RequestLogger {
  constructor(private readonly logger: PinoLogger) {}

  /** Adds the hooks; to be called before the routes are added, so they see them all. */
  observe(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const failed = reply.statusCode >= 500;
      this.write(failed ? 'error' : 'info', request, reply, failed ? 'request failed' : 'request completed');
      done();
    });
    fastify.addHook('onRequestAbort', (request, done) => {
      this.write('info', request, undefined, 'request aborted');
      done();
    });
  }

  private write(level: 'info' | 'error', request: FastifyRequest, reply: FastifyReply | undefined, message: string) {
    // Outside a request's async context this is the root logger, built once.
    const pino = this.logger.logger;
    if (!pino.isLevelEnabled(level)) return;
    const url = request.url;
    const query = url.indexOf('?');
    pino[level](
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
}
