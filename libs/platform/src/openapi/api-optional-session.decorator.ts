import { applyDecorators } from '@nestjs/common';
import { ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';
import { SESSION_SECURITY_SCHEME } from './openapi.constants';

/**
 * Documents routes that work with or without a session and may start one (an anonymous cart):
 * their security is the session cookie or nothing, so a client knows to keep the cookie it
 * gets. Routes behind `AuthenticatedGuard` are documented from the guard instead.
 *
 * @publicApi
 */
export function ApiOptionalSession(): ClassDecorator & MethodDecorator {
  // Applied in order, each appending: the cookie first, then the empty requirement.
  return applyDecorators(ApiCookieAuth(SESSION_SECURITY_SCHEME), ApiSecurity({}));
}
