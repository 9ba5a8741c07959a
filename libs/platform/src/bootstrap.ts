import { LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { REDIS_CLIENT } from '@app/redis';
import { acceptStrictJsonOnly } from './body/strict-json.parser';
import { waitForRedis } from './boot/wait-for-redis';
import { loadEnvFile } from './config/env-file';
import { EnvironmentError, validateEnvironment } from './config/environment';
import { HttpErrorFilter } from './errors/http-error.filter';
import { REQUEST_ID_HEADER, requestIdOf } from './logging/request-id';
import { OPENAPI_PAGE_PATH } from './openapi/openapi.constants';
import { setupOpenApi } from './openapi/setup-openapi';
import { dropForgedForwardedAddresses } from './security/forwarded-addresses.hook';
import { refuseCrossSiteRequest } from './security/same-origin.hook';
import { securityHeaders } from './security/security-headers.hook';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Creates and starts an app of the monorepo: Fastify behind a trusted proxy, its routes under
 * `/<name>`, `X-Served-By`, `X-Request-Id` and security headers on every response, cross-site
 * writes refused, its OpenAPI document at `/<name>/docs`, JSON logs, graceful shutdown on
 * SIGTERM. Outside production it reads `.env` first (see {@link loadEnvFile}). It listens once Redis is connected (or after a bounded wait, to report it missing through
 * readiness). An invalid environment stops the process with a message naming each bad variable.
 *
 * @publicApi
 */
export async function bootstrapApp(appModule: Type, name: string): Promise<NestFastifyApplication> {
  let environment;
  try {
    loadEnvFile(process.env);
    environment = validateEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }

  const adapter = new FastifyAdapter({
    trustProxy: environment.TRUST_PROXY,
    bodyLimit: environment.BODY_LIMIT_BYTES,
    // While closing, a request already on a kept-alive connection is served (with
    // `Connection: close`), not answered 503: proxies retry connection errors, not 503s.
    return503OnClosing: false,
    // The proxy's or client's X-Request-Id when it is a sensible id, so one id follows a request
    // through every log; a new one otherwise.
    genReqId: requestIdOf,
  });
  const fastify = adapter.getInstance();
  const servedBy = `${name}-${environment.REPLICA_NAME}`;
  // First, before anything reads `request.ip`.
  fastify.addHook('onRequest', dropForgedForwardedAddresses);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-served-by', servedBy);
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // The APIs speak JSON only: any other body is a 415, not a string or form handed to validation.
  acceptStrictJsonOnly(fastify);
  fastify.addHook('onRequest', securityHeaders(`/${name}/${OPENAPI_PAGE_PATH}`));
  // preParsing, not onRequest: refused before the body is read, yet after the cookie and
  // session hooks, whose onSend counterparts expect them to have run.
  fastify.addHook('preParsing', (request, _reply, _payload, done) => {
    try {
      refuseCrossSiteRequest(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  const app = await NestFactory.create<NestFastifyApplication>(appModule, adapter, {
    // Nest would add its own JSON and form parsers; the strict one above is the only one.
    bodyParser: false,
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(environment.LOG_LEVEL) + 1),
    // Held until the JSON logger of PlatformModule takes over, then written through it.
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Now, not at listen: the wait for Redis below logs what to do while it waits.
  app.flushLogs();
  app.setGlobalPrefix(name);
  // Global, not APP_FILTER: Nest's Fastify error handler (body parsing, limits, the session
  // hook) only sees filters registered on the application.
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, name, environment.SESSION_COOKIE_NAME);
  await waitForRedis(app.get<Redis>(REDIS_CLIENT), environment.NODE_ENV === 'development');
  await app.listen({ port: environment.PORT, host: environment.HOST });
  return app;
}
