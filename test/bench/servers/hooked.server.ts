import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import pino, { destination, LoggerOptions } from 'pino';
import { Histogram } from 'prom-client';
import { batchedStdout } from '@app/platform/logging/batched-stdout';
import { createLoggerParams } from '@app/platform/logging/logger-params';
import { REQUEST_ID_HEADER, requestIdOf } from '@app/platform/logging/request-id';
import { RequestLogger } from '@app/platform/logging/request-logger';
import { HttpMetrics } from '@app/platform/metrics/http-metrics';
import {
  HTTP_DURATION_BUCKETS,
  HTTP_LABELS,
  HTTP_REQUEST_DURATION_SECONDS,
} from '@app/platform/metrics/metrics.constants';
import { dropForgedForwardedAddresses } from '@app/platform/security/forwarded-addresses.hook';
import { crossSiteRequestHook } from '@app/platform/security/same-origin.hook';
import { securityHeaders } from '@app/platform/security/security-headers.hook';
import { announce } from './announce';

/**
 * The bare twin with what the platform adds to every response, and nothing of Nest: the same
 * hooks as `bootstrapApp` and the platform's modules install (forged `X-Forwarded-For` dropped,
 * security headers, `X-Served-By`, `X-Request-Id`, the cross-site check, the request line at the
 * production level to /dev/null, the request histogram), and the bodies returned as objects, so
 * that Fastify serializes them as it does Nest's. A project row's ratio to it is what Nest, the
 * session plugin and the route cost on top of the platform's per-request work.
 */
async function main(): Promise<void> {
  const bodies = { '/catalog': process.env.CATALOG_BODY, '/me': process.env.ME_BODY };
  const app = Fastify({ logger: false, genReqId: requestIdOf });
  app.addHook('onRequest', dropForgedForwardedAddresses);
  app.addHook(
    'onRequest',
    securityHeaders(() => false, { 'x-served-by': 'bench-hooked' }, REQUEST_ID_HEADER),
  );
  app.addHook('preParsing', crossSiteRequestHook(new Set()));
  const { pinoHttp } = await createLoggerParams({
    app: 'bench',
    replica: 'bench-hooked',
    level: 'log',
    format: 'json',
  });
  const [options] = pinoHttp as [LoggerOptions];
  const root = pino(options, batchedStdout(destination({ dest: '/dev/null', sync: true })));
  new RequestLogger({ logger: root } as PinoLogger).observe(app);
  new HttpMetrics(
    new Histogram({
      name: HTTP_REQUEST_DURATION_SECONDS,
      help: 'Time from request to response',
      labelNames: HTTP_LABELS,
      buckets: HTTP_DURATION_BUCKETS,
    }),
  ).observe(app);
  for (const [path, body] of Object.entries(bodies)) {
    if (!body) throw new Error(`the body of ${path} is not set`);
    const parsed: unknown = JSON.parse(body);
    app.get(path, () => parsed);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port, () => app.close());
}

void main();
