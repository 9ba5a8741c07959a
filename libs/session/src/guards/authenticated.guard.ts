import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { existingSessionOf, SESSION_REPLACED } from '../request-session';
import { NOT_SIGNED_IN_MESSAGE } from '../session.constants';
import { SessionUser } from '../session-data.interface';
import { SessionReplacedException } from '../session-replaced.exception';
import { SessionUnavailableException } from '../session-unavailable.exception';

/**
 * Lets a request through only when its session has a signed-in user: 401 otherwise, 503 when
 * the session store cannot be read, 409 when its cookie names a session replaced lately (see
 * `SessionReplacedException`).
 *
 * @publicApi
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (existingSessionOf(request)?.storeUnavailable) throw new SessionUnavailableException();
    if (request[SESSION_REPLACED]) throw new SessionReplacedException();
    if (!this.getUser(request)) throw new UnauthorizedException(this.getErrorMessage());
    return true;
  }

  protected getUser(request: FastifyRequest): SessionUser | undefined {
    return existingSessionOf(request)?.user;
  }

  protected getErrorMessage(): string {
    return NOT_SIGNED_IN_MESSAGE;
  }
}
