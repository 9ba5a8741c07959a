import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { existingSessionOf } from '../request-session';
import { SessionUnavailableException } from '../session-unavailable.exception';

/**
 * For a public route that uses Redis itself (sign-in, registration): 503 at once when the
 * request's session could not be read. Redis has just failed that read, after a command
 * timeout when it is frozen, and each command of the route's own would wait out another one
 * before the same 503. A request without a cookie read nothing, and goes on.
 *
 * @publicApi
 */
@Injectable()
export class SessionStoreReachableGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    // The session as loaded, if any: reading `request.session` would start one to answer.
    if (existingSessionOf(context.switchToHttp().getRequest<FastifyRequest>())?.storeUnavailable) {
      throw new SessionUnavailableException();
    }
    return true;
  }
}
