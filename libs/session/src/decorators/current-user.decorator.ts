import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { existingSessionOf } from '../request-session';
import { NOT_SIGNED_IN_MESSAGE } from '../session.constants';
import { SessionUser } from '../session-data.interface';

/**
 * The signed-in user of the request's session. Use it behind {@link AuthenticatedGuard}; on its
 * own it answers 401 rather than hand a handler `undefined`.
 *
 * @publicApi
 */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): SessionUser => {
  const user = existingSessionOf(context.switchToHttp().getRequest<FastifyRequest>())?.user;
  if (!user) throw new UnauthorizedException(NOT_SIGNED_IN_MESSAGE);
  return user;
});
