import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { HTTP_REQUEST_DURATION_SECONDS, HTTP_REQUESTS_TOTAL, UNMATCHED_ROUTE } from './metrics.constants';

/**
 * Counts and times every response of the app by method, route pattern (`/auth/sessions/:id`,
 * not the path, so ids do not become labels) and status, 4xx and 5xx included.
 */
@Injectable()
export class HttpMetrics {
  constructor(
    @InjectMetric(HTTP_REQUESTS_TOTAL) private readonly requests: Counter<string>,
    @InjectMetric(HTTP_REQUEST_DURATION_SECONDS) private readonly durations: Histogram<string>,
  ) {}

  /** Adds the `onResponse` hook; to be called before the routes are added, so it sees them all. */
  observe(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      };
      this.requests.inc(labels);
      this.durations.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }
}
