import fastifyReplyFrom from '@fastify/reply-from';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { IncomingHttpHeaders, STATUS_CODES } from 'node:http';

/** @publicApi */
export interface GatewayOptions {
  /** Default: a free port. */
  port?: number;
  /** Default: `127.0.0.1`. */
  host?: string;
  /** Replica base URLs by path prefix, e.g. `{ '/auth': ['http://127.0.0.1:4101', ...] }`. */
  upstreams: Record<string, string[]>;
  /** Receives one line per failed upstream attempt (retried or not). Default: silent. */
  log?: (message: string) => void;
}

/**
 * The development gateway, standing in for Traefik.
 *
 * @publicApi
 */
export interface Gateway {
  /** `http://<host>:<port>` */
  readonly url: string;
  /** Stops listening, closes every connection and the upstream connection pool. */
  close(): Promise<void>;
  /** Replaces the replicas of `prefix`, or routes a new prefix. An empty list answers 502. */
  setUpstreams(prefix: string, urls: string[]): void;
}

// Traefik's retry middleware retries only what is safe to send twice.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
// The connection was never made: the request did not reach the replica, whatever its method.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// The connection broke: the replica may have seen the request.
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'FST_REPLY_FROM_GATEWAY_TIMEOUT', 'FST_REPLY_FROM_TIMEOUT']);

interface Route {
  urls: readonly string[];
  next: number;
}

/**
 * Starts the development gateway: a Fastify server that routes each request by its path
 * prefix (the prefix itself and anything under it) round-robin over the replicas of that
 * prefix, forwarding the path, query and body unchanged (bodies stream through unparsed).
 * It sets `X-Forwarded-For` (appending the client address), `X-Forwarded-Proto` and
 * `X-Forwarded-Host`, and passes every response header through, `Set-Cookie` included.
 *
 * Like Traefik's retry middleware, a request whose replica cannot be reached is retried on the
 * next replica: any request when the connection was refused (it never got there), idempotent
 * requests without a body when the connection broke. Answers 502 when no replica can be
 * reached, 504 when one does not answer in time, 404 for a path no prefix matches.
 *
 * @publicApi
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const routes = new Map<string, Route>();
  const setUpstreams = (prefix: string, urls: string[]): void => {
    routes.set(prefix.replace(/\/+$/, ''), { urls: [...urls], next: 0 });
  };
  for (const [prefix, urls] of Object.entries(options.upstreams)) setUpstreams(prefix, urls);
  const log = options.log ?? (() => undefined);

  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(fastifyReplyFrom, {
    disableRequestLogging: true,
    destroyAgent: true,
    // Retries are ours: across replicas, not against the one that just failed.
    retryMethods: [],
    undici: { connectTimeout: 5_000, headersTimeout: 60_000, bodyTimeout: 60_000 },
  });
  // Bodies stay byte streams: a malformed body must reach the app untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(404, `No app serves ${request.method} ${pathOf(request.url)}`));
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    void reply.code(status).send(errorBody(status, error.message));
  });

  app.all('/*', (request, reply) => {
    const match = findRoute(routes, pathOf(request.url));
    if (!match) {
      reply.callNotFound();
      return;
    }
    const [prefix, route] = match;
    if (route.urls.length === 0) {
      void reply.code(502).send(errorBody(502, `No replica of ${prefix} is registered`));
      return;
    }
    // The list as it is now: a setUpstreams meanwhile does not disturb this request's retries.
    const urls = route.urls;
    forward(request, reply, prefix, urls, route.next++ % urls.length, 0);
  });

  function forward(request: FastifyRequest, reply: FastifyReply, prefix: string, urls: readonly string[], first: number, attempt: number): void {
    const upstream = urls[(first + attempt) % urls.length];
    reply.from(undefined, {
      getUpstream: () => upstream,
      rewriteRequestHeaders: (_request, headers) => forwardedHeaders(request, headers as IncomingHttpHeaders),
      onError: (_reply, { error }) => {
        const code = errorCode(error);
        const retry = attempt + 1 < urls.length && isRetryable(request, code);
        log(`${request.method} ${pathOf(request.url)}: ${upstream} failed (${code})${retry ? ', retrying on the next replica' : ''}`);
        if (retry) {
          forward(request, reply, prefix, urls, first, attempt + 1);
        } else if (TIMEOUTS.has(code)) {
          void reply.code(504).send(errorBody(504, `A replica of ${prefix} did not answer in time`));
        } else {
          void reply.code(502).send(errorBody(502, `No replica of ${prefix} could be reached`));
        }
      },
    });
  }

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as { address: string; port: number };
  return {
    url: `http://${address.address}:${address.port}`,
    close: () => app.close(),
    setUpstreams,
  };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The longest prefix that is the path or a whole-segment start of it. */
function findRoute(routes: Map<string, Route>, path: string): [string, Route] | undefined {
  let best: [string, Route] | undefined;
  for (const [prefix, route] of routes) {
    const matches = path === prefix || path.startsWith(`${prefix}/`);
    if (matches && (!best || prefix.length > best[0].length)) best = [prefix, route];
  }
  return best;
}

function forwardedHeaders(request: FastifyRequest, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const client = request.socket.remoteAddress ?? 'unknown';
  const forwardedFor = request.headers['x-forwarded-for'];
  const result: IncomingHttpHeaders = {
    ...headers,
    'x-forwarded-for': forwardedFor ? `${forwardedFor}, ${client}` : client,
    // The scheme this gateway was reached with; it serves plain HTTP only.
    'x-forwarded-proto': 'http',
  };
  if (request.headers.host) result['x-forwarded-host'] = request.headers.host;
  return result;
}

function errorCode(error: Error & { code?: string; cause?: unknown }): string {
  const cause = error.cause as { code?: string } | undefined;
  return cause?.code ?? error.code ?? 'unknown';
}

function isRetryable(request: FastifyRequest, code: string): boolean {
  if (NOT_CONNECTED.has(code)) return true;
  return CONNECTION_LOST.has(code) && IDEMPOTENT_METHODS.has(request.method) && !hasBody(request);
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function errorBody(statusCode: number, message: string): { statusCode: number; error: string; message: string } {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
