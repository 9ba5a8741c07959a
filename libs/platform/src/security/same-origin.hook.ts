import { ForbiddenException } from '@nestjs/common';
import { FastifyRequest, preParsingHookHandler } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser says come from another site (CSRF): a
 * `Sec-Fetch-Site: cross-site` header, or an `Origin` whose host is not the one the request
 * was sent to (`request.host` honours `X-Forwarded-Host` from the trusted proxy), unless the
 * `Origin` is one of `allowedOrigins` (`CORS_ORIGINS`, exactly as the browser writes it).
 * Requests without either header (curl, server-to-server) are not from a browser and pass; the
 * `SameSite=Lax` cookie covers old browsers.
 */
export function refuseCrossSiteRequest(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined && allowedOrigins.has(origin)) return;
  if (request.headers['sec-fetch-site'] === 'cross-site') throw crossSite('sec-fetch-site');
  if (origin === undefined) return;
  let originHost: string | undefined;
  try {
    originHost = origin === 'null' ? undefined : new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== request.host) throw crossSite('origin');
}

/**
 * {@link refuseCrossSiteRequest} as a `preParsing` hook: the request is refused before its body
 * is read, yet after the cookie and session hooks, whose `onSend` counterparts expect to have run.
 */
export function crossSiteRequestHook(allowedOrigins: ReadonlySet<string>): preParsingHookHandler {
  return (request, _reply, _payload, done) => {
    try {
      refuseCrossSiteRequest(request, allowedOrigins);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

function crossSite(field: string): ForbiddenException {
  return new ForbiddenException({
    message: 'Cross-site request refused: state-changing requests must come from the same origin',
    errors: [{ field, rule: 'sameOrigin', message: `${field} shows a cross-site request` }],
  });
}
