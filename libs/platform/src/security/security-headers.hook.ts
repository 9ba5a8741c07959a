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

/**
 * Security headers on every response, computed by helmet once: the API's own set, and helmet's
 * defaults (a CSP Swagger UI works under) for the HTML pages below `documentsPath`.
 * `@fastify/helmet` would build a new helmet and parse its CSP for every request, and
 * `setHeader` each one: 5-8 % of the CPU of a session read.
 */
export function securityHeaders(documentsPath: string): onRequestHookHandler {
  const api = helmetHeaders(API_RESPONSE_OPTIONS);
  const documents = helmetHeaders();
  return (request, reply, done) => {
    reply.headers(request.url.startsWith(documentsPath) ? documents : api);
    done();
  };
}
