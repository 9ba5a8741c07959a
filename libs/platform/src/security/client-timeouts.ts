import type { ServerOptions } from 'node:http';

/** How long a client may take to send a request, in seconds. */
export interface ClientTimeouts {
  /** From the connection or the request's first byte to the end of its headers. */
  headersSeconds: number;
  /** From the request's first byte to the end of its body. */
  requestSeconds: number;
}

/** The apps' defaults (`HEADERS_TIMEOUT_SECONDS`, `REQUEST_TIMEOUT_SECONDS`), and the gateway's. */
export const DEFAULT_CLIENT_TIMEOUTS: Readonly<ClientTimeouts> = { headersSeconds: 10, requestSeconds: 30 };

// How often Node looks for requests past their timeout. Its default, 30 s, would let a slow
// client stay up to that much longer.
const CHECK_INTERVAL_MS = 1000;

/**
 * Fastify's options that bound how long a client may take to send a request: the headers within
 * `headersSeconds`, the whole request within `requestSeconds`, or it is answered 408 (see
 * `clientErrorHandler`) and its connection closed. Fastify turns Node's request timeout off, so
 * without them a client that sends its headers and then drips its body, or stops, holds a
 * connection and a request forever (slowloris). An idle kept-alive connection is not cut: the
 * keep-alive timeout ends it. `http`: Node's other server options, which are kept.
 *
 * @publicApi
 */
export function clientTimeoutOptions(
  { headersSeconds, requestSeconds }: ClientTimeouts,
  http: ServerOptions = {},
): { requestTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: requestSeconds * 1000,
    http: { ...http, headersTimeout: headersSeconds * 1000, connectionsCheckingInterval: CHECK_INTERVAL_MS },
  };
}
