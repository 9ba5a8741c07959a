import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { RESOLVED_SESSION_OPTIONS, ResolvedSessionOptions, SessionUnavailableException } from '@app/session';

/**
 * For a public route that uses Redis (sign-in, registration): 503 at once when the request's
 * session could not be read. Redis has just failed that read, after a command timeout when it
 * is frozen, and each command of the route's own would wait out another one before the same
 * 503. A request without the cookie read nothing, and goes on.
 */
@Injectable()
export class SessionStoreReachableGuard implements CanActivate {
  constructor(@Inject(RESOLVED_SESSION_OPTIONS) private readonly options: ResolvedSessionOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Checked first: without the cookie, `request.session` would start a session to answer.
    if (request.cookies[this.options.cookieName] === undefined) return true;
    if (request.session.storeUnavailable) throw new SessionUnavailableException();
    return true;
  }
}
