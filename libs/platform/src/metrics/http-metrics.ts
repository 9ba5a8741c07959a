import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { HTTP_REQUEST_DURATION_SECONDS, UNMATCHED_ROUTE } from './metrics.constants';

const DURATION_COUNT = `${HTTP_REQUEST_DURATION_SECONDS}_count`;

/**
 * Times every response of the app by method, route pattern (`/auth/sessions/:id`, not the path,
 * so ids do not become labels) and status, 4xx and 5xx included. The request counter is read
 * from these timings when scraped ({@link countRequestsFromDurations}), not counted again.
 */
@Injectable()
export class HttpMetrics {
  constructor(@InjectMetric(HTTP_REQUEST_DURATION_SECONDS) private readonly durations: Histogram<string>) {}

  /** Adds the `onResponse` hook; to be called before the routes are added, so it sees them all. */
  observe(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      };
      this.durations.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }
}

/**
 * The `collect` of the request counter: each label set's count of `durations`, the histogram
 * {@link HttpMetrics} records, at scrape time. Every response is timed, so the count is the
 * number of requests; reading it there spares each response a second label hash and lookup
 * in prom-client (a third of the metrics' cost of a request).
 */
export async function countRequestsFromDurations(this: Counter<string>, durations: Histogram<string>): Promise<void> {
  const { values } = await durations.get();
  this.reset();
  for (const { metricName, labels, value } of values) {
    if (metricName === DURATION_COUNT) this.inc(labels, value);
  }
}
