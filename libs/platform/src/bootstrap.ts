import { readdirSync } from 'node:fs';
import { LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { REDIS_CLIENT } from '@app/redis';
import { acceptStrictJsonOnly } from './body/strict-json.parser';
import { waitForRedis } from './boot/wait-for-redis';
import { BootstrapOptions } from './bootstrap-options.interface';
import { loadEnvFile } from './config/env-file';
import { EnvironmentError, validateEnvironment } from './config/environment';
import { clientErrorHandler } from './errors/client-error.handler';
import { toErrorResponse } from './errors/error-response';
import { HttpErrorFilter } from './errors/http-error.filter';
import { REQUEST_ID_HEADER, requestIdOf } from './logging/request-id';
import { OPENAPI_PAGE_PATH } from './openapi/openapi.constants';
import { setupOpenApi } from './openapi/setup-openapi';
import { pathOf } from './routing/path-of';
import { RouteTable } from './routing/route-table';
import { clientTimeoutOptions } from './security/client-timeouts';
import { corsOptions } from './security/cors-options';
import { dropForgedForwardedAddresses } from './security/forwarded-addresses.hook';
import { HOST_CHECKED_BY_HOOK, refuseUnusableHost } from './security/host-header';
import { crossSiteRequestHook } from './security/same-origin.hook';
import { apiSecurityHeaders, securityHeaders } from './security/security-headers.hook';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Creates and starts an app of the monorepo: Fastify behind a trusted proxy, its routes under
 * `/<name>`, `X-Served-By`, `X-Request-Id` and security headers on every response, cross-site
 * writes refused, its OpenAPI document at `/<name>/docs`, JSON logs, graceful shutdown on
 * SIGTERM, and the static files of `options.staticRoot` under `/<name>/`. Outside production it
 * reads `.env` first (see {@link loadEnvFile}). It listens once Redis is connected (or after a
 * bounded wait, to report it missing through readiness). An invalid environment stops the
 * process with a message naming each bad variable.
 *
 * @publicApi
 */
export async function bootstrapApp(
  appModule: Type,
  name: string,
  options: BootstrapOptions = {},
): Promise<NestFastifyApplication> {
  let environment;
  try {
    loadEnvFile(process.env);
    environment = validateEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }

  const servedBy = `${name}-${environment.REPLICA_NAME}`;
  const adapter = new FastifyAdapter({
    // A client slow to send its request gets 408; a missing or repeated Host is refused by a
    // hook below, with the error body.
    ...clientTimeoutOptions(
      { headersSeconds: environment.HEADERS_TIMEOUT_SECONDS, requestSeconds: environment.REQUEST_TIMEOUT_SECONDS },
      HOST_CHECKED_BY_HOOK,
    ),
    trustProxy: environment.TRUST_PROXY,
    bodyLimit: environment.BODY_LIMIT_BYTES,
    // While closing, a request already on a kept-alive connection is served (with
    // `Connection: close`), not answered 503: proxies retry connection errors, not 503s.
    return503OnClosing: false,
    // The proxy's or client's X-Request-Id when it is a sensible id, so one id follows a request
    // through every log; a new one otherwise.
    genReqId: requestIdOf,
    // A malformed or over-long URL is refused by the router, before any hook or filter: the same
    // error body as every other error, not Fastify's own (with its `code`).
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const { statusCode, body } = toErrorResponse(error);
      void reply.code(statusCode).send(body);
    },
    // A request Node's parser refused (smuggling-shaped framing, headers over 16 KB): the same
    // error body and headers, not Fastify's own.
    clientErrorHandler: clientErrorHandler({ ...apiSecurityHeaders(), 'x-served-by': servedBy }),
  });
  const fastify = adapter.getInstance();
  // Before Nest adds the routes, so it learns every one of them.
  const routes = new RouteTable(fastify);
  // First, before anything reads `request.ip`.
  fastify.addHook('onRequest', dropForgedForwardedAddresses);
  // The APIs speak JSON only: any other body is a 415, not a string or form handed to validation.
  acceptStrictJsonOnly(fastify);
  const documentsPath = `/${name}/${OPENAPI_PAGE_PATH}`;
  const staticPages = options.staticRoot ? htmlPathsOf(options.staticRoot, `/${name}/`) : new Set<string>();
  const isPage = (url: string): boolean => {
    if (url.startsWith(documentsPath)) return true;
    if (!staticPages.size) return false;
    return staticPages.has(pathOf(url));
  };
  fastify.addHook('onRequest', securityHeaders(isPage, { 'x-served-by': servedBy }, REQUEST_ID_HEADER));
  // After the headers, which its 400 carries.
  fastify.addHook('onRequest', refuseUnusableHost);
  const allowedOrigins = new Set(environment.CORS_ORIGINS);
  fastify.addHook('preParsing', crossSiteRequestHook(allowedOrigins));

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
  // Registered only when there is an allow-list: otherwise a preflight is a 404, as before.
  if (allowedOrigins.size) app.enableCors(corsOptions(environment.CORS_ORIGINS));
  app.setGlobalPrefix(name);
  // Global, not APP_FILTER: Nest's Fastify error handler (body parsing, limits, the session
  // hook) only sees filters registered on the application.
  app.useGlobalFilters(new HttpErrorFilter(routes));
  app.enableShutdownHooks();
  if (options.staticRoot) app.useStaticAssets({ root: options.staticRoot, prefix: `/${name}/`, redirect: true });
  setupOpenApi(app, name, environment.SESSION_COOKIE_NAME);
  await waitForRedis(app.get<Redis>(REDIS_CLIENT), environment.NODE_ENV === 'development');
  try {
    await app.listen({ port: environment.PORT, host: environment.HOST });
  } catch (error) {
    // What to change, rather than Node's stack trace of a failed bind or lookup.
    const { code } = error as NodeJS.ErrnoException;
    const fix =
      code === 'EADDRINUSE'
        ? 'the port is in use: stop what listens there, or set PORT to another'
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'HOST is not an address of this machine: set HOST to one (0.0.0.0 for all)'
          : undefined;
    if (!fix) throw error;
    process.stderr.write(
      `${name}: cannot listen on HOST=${environment.HOST} PORT=${environment.PORT}: ${fix} (${code})\n`,
    );
    process.exit(1);
  }
  return app;
}

/** The URLs of the HTML files at the top of `root`, served under `prefix` (`index.html` also as `prefix`). */
function htmlPathsOf(root: string, prefix: string): Set<string> {
  const files = readdirSync(root).filter((file) => file.endsWith('.html'));
  return new Set([...files.map((file) => `${prefix}${file}`), ...(files.includes('index.html') ? [prefix] : [])]);
}
