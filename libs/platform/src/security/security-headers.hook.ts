import { IncomingMessage, ServerResponse } from 'node:http';
import { onRequestHookHandler } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

/**
 * For JSON responses (OWASP's REST guidance): nothing may load or frame them; the headers that
 * only mean something for an HTML document are left out, as each costs every response.
 */
const API_RESPONSE_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** The headers helmet sets with `options`: they depend on the options only, not the request. */
function helmetHeaders(options?: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

// Helmet's defaults (a CSP Swagger UI and the web client work under) for HTML pages. Over plain
// HTTP without `upgrade-insecure-requests`: on http://<a LAN host>/ the browser would rewrite
// every asset to https, which nothing serves there, and show a blank page. Nor
// `Cross-Origin-Opener-Policy`, which browsers ignore there with a console error.
const PAGE_HEADERS = {
  https: helmetHeaders(),
  http: helmetHeaders({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    crossOriginOpenerPolicy: false,
  }),
};
// And no copy of an answer kept by the browser or a proxy (OWASP's REST guidance again): a
// signed-in answer shown after Back, once signed out, would show what is no longer there.
const API_HEADERS = { ...helmetHeaders(API_RESPONSE_OPTIONS), 'cache-control': 'no-store' };

/** The security headers of a JSON answer, for one written without a reply (a refused request). */
export function apiSecurityHeaders(): Readonly<Record<string, string>> {
  return API_HEADERS;
}

/**
 * The security headers of an HTML page (the docs pages, a web client), for a request that came
 * over HTTPS (`request.protocol`, which honours the trusted proxy's `X-Forwarded-Proto`) or not.
 *
 * @publicApi
 */
export function pageSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return https ? PAGE_HEADERS.https : PAGE_HEADERS.http;
}

/**
 * Security headers on every response, computed by helmet once: the API's own set, and the
 * page set for the URLs `isPage` picks (the docs pages, a web client's files), each with the
 * `alongside` headers every response carries (`X-Served-By`), and the request's id under
 * `requestIdHeader`. One precomputed set a response: `@fastify/helmet` would build a new helmet
 * and parse its CSP for every request, and `setHeader` each one (5-8 % of the CPU of a session
 * read), and a hook for each kind of header costs a call of Fastify's hook runner each.
 */
export function securityHeaders(
  isPage: (url: string) => boolean,
  alongside: Readonly<Record<string, string>>,
  requestIdHeader: string,
): onRequestHookHandler {
  const api = { ...alongside, ...API_HEADERS };
  const pages = { https: { ...alongside, ...PAGE_HEADERS.https }, http: { ...alongside, ...PAGE_HEADERS.http } };
  return (request, reply, done) => {
    reply.headers(isPage(request.url) ? (request.protocol === 'https' ? pages.https : pages.http) : api);
    reply.header(requestIdHeader, request.id);
    done();
  };
}
