import { applyDecorators } from '@nestjs/common';
import { ApiCookieAuth, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SESSION_SECURITY_SCHEME } from './openapi.constants';

/**
 * Documents routes that work with or without a session and may start one (an anonymous cart):
 * their security is the session cookie or nothing, so a client knows to keep the cookie it
 * gets, and a cookie of a signed-in session that has ended is a 401 (`CurrentSession`).
 * Routes behind `AuthenticatedGuard` are documented from the guard instead.
 *
 * @publicApi
 */
export function ApiOptionalSession(): ClassDecorator & MethodDecorator {
  // Applied in order, each appending: the cookie first, then the empty requirement.
  return applyDecorators(
    ApiCookieAuth(SESSION_SECURITY_SCHEME),
    ApiSecurity({}),
    ApiUnauthorizedResponse({
      description: 'The cookie names a signed-in session that has ended; it is cleared, and the route works without it',
    }),
  );
}
