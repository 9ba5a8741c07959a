import fastifyReplyFrom from '@fastify/reply-from';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import {
  ClientTimeouts,
  clientErrorHandler,
  clientTimeoutOptions,
  DEFAULT_CLIENT_TIMEOUTS,
  ErrorResponseBody,
  HOST_CHECKED_BY_HOOK,
  hostHeaderProblem,
  shownPath,
  toErrorResponse,
} from '@app/platform';
import { DeferredBody } from './deferred-body';
import { DOCUMENT_UNAVAILABLE, registerDocsPage } from './docs-page';

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
  /**
   * Largest request body passed on; larger ones get 413 here, as with Traefik's buffering
   * middleware: at once by `Content-Length`, and a chunked body (no length) once it has grown
   * past the limit, which is why chunked bodies are read whole before they are passed on. An
   * app answering 413 to a body still streaming in would otherwise close the connection under
   * the gateway and turn the 413 into a 502. Default: 16 KiB, the apps' own default limit.
   */
  bodyLimit?: number;
  /**
   * How long a client may take to send its request's headers, and the whole request, before it
   * gets 408 (a slow client would hold a connection to the gateway and one to a replica).
   * Default: the apps' own, 10 s and 30 s.
   */
  clientTimeouts?: Partial<ClientTimeouts>;
  /** Where `GET /` redirects (302), e.g. the web client's `/web/`. Default: none (404). */
  homePath?: string;
  /**
   * How long a replica may take to start its answer, and then between two parts of its body;
   * past it the answer is a 504. Default: 60 s.
   */
  replicaTimeoutMs?: number;
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
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// The connection was never made: the request did not reach the replica, whatever its method.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// The connection broke: the replica may have seen the request.
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUTS = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'FST_REPLY_FROM_GATEWAY_TIMEOUT',
  'FST_REPLY_FROM_TIMEOUT',
]);

interface Route {
  urls: readonly string[];
  next: number;
}

/** One request on its way to a replica, across its attempts. */
interface Exchange {
  request: FastifyRequest;
  reply: FastifyReply;
  prefix: string;
  urls: readonly string[];
  /** Index in `urls` of the first attempt's replica. */
  first: number;
  /** The unparsed request body, if any. */
  source?: Readable;
  forwardedHeaders: IncomingHttpHeaders;
}

/**
 * Starts the development gateway: a Fastify server that routes each request by its path
 * prefix (the prefix itself and anything under it) round-robin over the replicas of that
 * prefix, forwarding the path, query and body unchanged (bodies pass through unparsed; see
 * `bodyLimit` for the largest).
 * It sets `X-Forwarded-For` (appending the client address), `X-Forwarded-Proto` and
 * `X-Forwarded-Host`, passes `X-Request-Id` on (a new one when the client sent none), and
 * passes every response header through, `Set-Cookie` included. `GET /docs` is one API page
 * for every routed app, `GET /docs/json` their combined OpenAPI document, and `GET /` redirects
 * to `homePath`.
 *
 * Like Traefik's retry middleware, a request whose replica cannot be reached is retried on the
 * next replica, as long as none of its body was sent: any request when the connection was
 * refused (it never got there), idempotent ones (GET, HEAD, OPTIONS, PUT, DELETE) when the
 * connection broke. Answers 502 when no replica can be reached, 504 when one does not answer
 * in time, 404 for a path no prefix matches, and 400 (as Traefik would) for a request without
 * one Host, or a path that would reach the replica as another (a backslash, a dot segment):
 * each in the apps' error body, its detail naming the cause (`upstream` and `reachable`, for
 * one), and the path, when named, once and cut to 200 characters.
 * Hop-by-hop headers of a replica's answer (`Connection`, `Keep-Alive`) stay with the gateway.
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
  const replicaTimeoutMs = options.replicaTimeoutMs ?? 60_000;

  const app = Fastify({
    logger: false,
    // One id follows the request through the replica's logs; the replica sends it back.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' ? given : randomUUID();
    },
    forceCloseConnections: true,
    // A client slow to send its request gets 408; a missing or repeated Host is refused below,
    // as Traefik refuses it, with the error body.
    ...clientTimeoutOptions(
      {
        headersSeconds: options.clientTimeouts?.headersSeconds ?? DEFAULT_CLIENT_TIMEOUTS.headersSeconds,
        requestSeconds: options.clientTimeouts?.requestSeconds ?? DEFAULT_CLIENT_TIMEOUTS.requestSeconds,
      },
      HOST_CHECKED_BY_HOOK,
    ),
    // What Node's parser refuses (a Content-Length with a Transfer-Encoding, headers over 16 KB):
    // the apps' error body too.
    clientErrorHandler: clientErrorHandler({ 'x-served-by': 'gateway' }),
    // The whole path is one wildcard parameter here: long paths are the apps' to refuse (414).
    routerOptions: { maxParamLength: 64 * 1024 },
    // A path that does not decode cannot be routed: answered here with the apps' error body.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const { statusCode, body } = toErrorResponse(error);
      void reply.code(statusCode).send(body);
    },
  });
  await app.register(fastifyReplyFrom, {
    disableRequestLogging: true,
    destroyAgent: true,
    // Retries are ours: across replicas, not against the one that just failed.
    retryMethods: [],
    undici: { connectTimeout: 5_000, headersTimeout: replicaTimeoutMs, bodyTimeout: replicaTimeoutMs },
  });
  const bodyLimit = options.bodyLimit ?? 16 * 1024;
  // Bodies stay bytes: a malformed body must reach the app untouched. One with a length streams
  // through; a chunked one is read first, up to the limit (below).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    if (request.headers['content-length'] !== undefined) {
      done(null, payload);
      return;
    }
    readUpTo(payload, bodyLimit).then(
      (body) =>
        body ? done(null, Readable.from([body], { objectMode: false })) : done(new BodyTooLargeError(), undefined),
      (error: Error) => done(error, undefined),
    );
  });
  app.addHook('onRequest', (request, reply, done) => {
    // On the gateway's own answers; a replica's answer brings its own.
    void reply.header('x-served-by', 'gateway').header('x-request-id', request.id);
    const hostProblem = hostHeaderProblem(request.raw);
    if (hostProblem) {
      void reply.code(400).send(errorBody(400, hostProblem.message, hostProblem));
      return;
    }
    if (Number(request.headers['content-length'] ?? 0) > bodyLimit) {
      refuseTooLarge(reply);
      return;
    }
    done();
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `No app serves ${request.method} ${shownPath(pathOf(request.url))}`;
    void reply.code(404).send(errorBody(404, message, { ...UNROUTED, message: 'No app serves this path' }));
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    if (error instanceof BodyTooLargeError) {
      refuseTooLarge(reply);
      return;
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    void reply.code(status).send(errorBody(status, error.message, causeOf(error, status)));
  });

  app.all('/*', (request, reply) => {
    const path = pathOf(request.url);
    // Routed by the path as sent, and forwarded as the URL parser rewrites it: the two must be
    // one path, or `/web/x\..\..\auth/me` is routed to web and reaches it as `/auth/me`.
    const forwardedPath = path.startsWith('/') ? forwardedPathOf(path) : path;
    if (forwardedPath !== path) {
      const rule = 'a backslash, a . or .. segment, a fragment or a character RFC 3986 does not allow is refused';
      const becomes = forwardedPath === undefined ? 'another' : shownPath(forwardedPath);
      const message = `The path ${shownPath(path)} would reach the replica as ${becomes}: ${rule}`;
      const detail = `The path would reach the replica as another: ${rule}`;
      void reply.code(400).send(errorBody(400, message, { ...URL_REFUSAL, message: detail }));
      return;
    }
    const match = findRoute(routes, path);
    if (!match) {
      reply.callNotFound();
      return;
    }
    const [prefix, route] = match;
    if (route.urls.length === 0) {
      void reply.code(502).send(errorBody(502, `No replica of ${prefix} is registered`, REPLICA_FAILURES.unregistered));
      return;
    }
    // The list as it is now: a setUpstreams meanwhile does not disturb this request's retries.
    const urls = route.urls;
    const source = request.body instanceof Readable ? request.body : undefined;
    forward(
      {
        request,
        reply,
        prefix,
        urls,
        first: route.next++ % urls.length,
        source,
        forwardedHeaders: forwardedHeaders(request),
      },
      0,
    );
  });
  const homePath = options.homePath;
  if (homePath) app.get('/', (_request, reply) => void reply.redirect(homePath));
  registerDocsPage(app, () => [...routes].map(([prefix, route]) => ({ prefix, upstreams: route.urls })));

  function forward(exchange: Exchange, attempt: number): void {
    const { request, reply, prefix, urls } = exchange;
    const upstream = urls[(exchange.first + attempt) % urls.length];
    const body = exchange.source && new DeferredBody(exchange.source);
    // reply-from sends the request's body; each attempt gets a fresh wrapper of the source.
    if (body) request.body = body;
    reply.from(undefined, {
      getUpstream: () => upstream,
      rewriteRequestHeaders: (_request, headers) => ({ ...withoutExpect(headers), ...exchange.forwardedHeaders }),
      rewriteHeaders: withoutHopByHop,
      onError: (_reply, { error }) => {
        const code = errorCode(error);
        const retry =
          attempt + 1 < urls.length && !body?.touched && !reply.raw.destroyed && isRetryable(request.method, code);
        log(
          `${request.method} ${pathOf(request.url)}: ${upstream} failed (${code})${retry ? ', retrying on the next replica' : ''}`,
        );
        if (retry) {
          forward(exchange, attempt + 1);
        } else if (TIMEOUTS.has(code)) {
          const message = `A replica of ${prefix} did not answer in time`;
          void reply.code(504).send(errorBody(504, message, REPLICA_FAILURES.timeout));
        } else if (CONNECTION_LOST.has(code) && (body?.touched || !IDEMPOTENT_METHODS.has(request.method))) {
          const message =
            `The replica of ${prefix} handling this request closed its connection before answering; ` +
            'not sent again, as it may have been carried out';
          void reply.code(502).send(errorBody(502, message, REPLICA_FAILURES.connectionLost));
        } else {
          const message = `No replica of ${prefix} could be reached`;
          void reply.code(502).send(errorBody(502, message, REPLICA_FAILURES.unreachable));
        }
      },
    });
  }

  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    await app.close();
    throw new Error(`The gateway cannot listen on ${host}:${options.port ?? 0}: ${(error as Error).message}`);
  }
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

/** The path a replica receives for `path`: the URL parser's, which reply-from sends. */
function forwardedPathOf(path: string): string | undefined {
  try {
    return new URL(`http://gateway${path}`).pathname;
  } catch {
    return undefined;
  }
}

/**
 * The request headers without `Expect`: Node has already answered `100-continue` to the client,
 * and undici refuses a request that has the header, which made every such request a 502.
 */
function withoutExpect(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  if (headers.expect === undefined) return headers;
  const copy = { ...headers };
  delete copy.expect;
  return copy;
}

// Headers about one connection (RFC 9110 section 7.6.1), here the gateway's to the replica.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

/**
 * A replica's answer headers without the hop-by-hop ones, as Traefik passes them: passed on, the
 * `Connection: close` that undici asks for after every HEAD closed the client's connection too,
 * and the requests it had pipelined behind the HEAD went unanswered.
 */
function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  for (const name of [...HOP_BY_HOP, ...named]) delete copy[name];
  return copy;
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

/**
 * Why the gateway answers itself, named as the apps name a request's problem: the field, the
 * rule, and a message of its own when the answer's message names the path (it is said once).
 */
interface Cause {
  field: string;
  rule: string;
  message?: string;
}

// Errors of a known code: what the gateway itself refuses before a replica sees the request (a
// content type that does not parse, `content-type: ;`, a length that does not match the body),
// and what the combined API page cannot serve.
const CAUSES_BY_CODE: Record<string, Cause> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'content-type', rule: 'supportedMediaType' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'content-length', rule: 'matchesBody' },
  // The combined API page, when a replica does not serve its app's document.
  [DOCUMENT_UNAVAILABLE]: { field: 'upstream', rule: 'servesDocument' },
};
const URL_REFUSAL: Cause = { field: 'url', rule: 'validUrl' };
const UNROUTED: Cause = { field: 'url', rule: 'routed' };

// What failed when no replica answered (502, 504): the field is the upstream, the rule the way it failed.
const REPLICA_FAILURES = {
  unregistered: { field: 'upstream', rule: 'registered' },
  unreachable: { field: 'upstream', rule: 'reachable' },
  connectionLost: { field: 'upstream', rule: 'answered' },
  timeout: { field: 'upstream', rule: 'timeout' },
} satisfies Record<string, Cause>;

/** The cause of an error thrown on the way: a Fastify code, or a refused path, or a fault of the gateway. */
function causeOf(error: { code?: string }, status: number): Cause {
  if (error.code) return CAUSES_BY_CODE[error.code] ?? { field: 'request', rule: error.code };
  // Without a code: reply-from's refusal of a path with a `..` segment, or a fault of the gateway's own.
  return status < 500 ? URL_REFUSAL : { field: 'request', rule: 'unexpected' };
}

/** The `X-Forwarded-*` headers the replicas get, read while the client's socket is there. */
function forwardedHeaders(request: FastifyRequest): IncomingHttpHeaders {
  const client = request.socket.remoteAddress ?? 'unknown';
  const chain = request.headers['x-forwarded-for'];
  const headers: IncomingHttpHeaders = {
    'x-forwarded-for': chain ? `${chain}, ${client}` : client,
    // The scheme this gateway was reached with; it serves plain HTTP only.
    'x-forwarded-proto': 'http',
    'x-request-id': request.id,
  };
  if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
  return headers;
}

function errorCode(error: Error & { code?: string; cause?: unknown }): string {
  const cause = error.cause as { code?: string } | undefined;
  return cause?.code ?? error.code ?? 'unknown';
}

/** Whether a failed attempt may be sent again, given that no byte of its body was read. */
function isRetryable(method: string, code: string): boolean {
  return NOT_CONNECTED.has(code) || (CONNECTION_LOST.has(code) && IDEMPOTENT_METHODS.has(method));
}

/** A chunked request body that grew past the limit. */
class BodyTooLargeError extends Error {
  constructor() {
    super('Request body is too large');
  }
}

/** 413, with the same body the apps send for it, so a client cannot tell which one refused. */
function refuseTooLarge(reply: FastifyReply): void {
  const message = 'Request body is too large';
  void reply
    .code(413)
    .header('connection', 'close')
    .send(errorBody(413, message, { field: 'body', rule: 'maxBytes' }));
}

/**
 * The whole of `stream`, or `undefined` once it has grown past `limit` bytes; the rest is then
 * read and dropped, so that the client, still sending, gets to read the answer.
 */
function readUpTo(stream: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stream.off('data', collect).on('data', () => undefined);
      resolve(undefined);
    };
    stream.on('data', collect);
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** The apps' error body, its one detail naming the `cause`. */
function errorBody(statusCode: number, message: string, cause: Cause): ErrorResponseBody {
  const { field, rule } = cause;
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    errors: [{ field, rule, message: cause.message ?? message }],
  };
}
