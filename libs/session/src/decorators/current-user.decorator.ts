import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { existingSessionOf, SESSION_REPLACED } from '../request-session';
import { NOT_SIGNED_IN_MESSAGE } from '../session.constants';
import { SessionUser } from '../session-data.interface';
import { SessionReplacedException } from '../session-replaced.exception';

/**
 * The signed-in user of the request's session. Use it behind {@link AuthenticatedGuard}; on its
 * own it answers 401 rather than hand a handler `undefined`, and 409 for the cookie of a
 * replaced session, as the guard does.
 *
 * @publicApi
 */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): SessionUser => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request[SESSION_REPLACED]) throw new SessionReplacedException();
  const user = existingSessionOf(request)?.user;
  if (!user) throw new UnauthorizedException(NOT_SIGNED_IN_MESSAGE);
  return user;
});
