import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';
import { OPTIONAL_SESSION_METADATA, SESSION_SECURITY_SCHEME } from './openapi.constants';

/**
 * Documents routes that work with or without a session and may start one (an anonymous cart):
 * their security is the session cookie or nothing, so a client knows to keep the cookie it
 * gets. Their session answers (`CurrentSession`: 401 for a signed-in session that has ended,
 * 409 for one replaced lately) are added to each route by `documentSessionGuards`, beside any
 * the route documents itself. Routes behind `AuthenticatedGuard` are documented from the guard.
 *
 * @publicApi
 */
export function ApiOptionalSession(): ClassDecorator & MethodDecorator {
  // Applied in order, each appending: the cookie first, then the empty requirement.
  return applyDecorators(
    ApiCookieAuth(SESSION_SECURITY_SCHEME),
    ApiSecurity({}),
    SetMetadata(OPTIONAL_SESSION_METADATA, true),
  );
}
