import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { SIGNED_IN_SESSION_ENDED } from '../request-session';
import { SessionEndedException } from '../session-ended.exception';
import { SessionUnavailableException } from '../session-unavailable.exception';

/**
 * The request's session, signed in or not, to read or change (changes are saved when the
 * response is sent). Answers 503 when the session store cannot be read, and 401 (clearing the
 * cookie) when the cookie named a signed-in session that has ended: see
 * {@link SessionEndedException}.
 *
 * @publicApi
 */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request[SIGNED_IN_SESSION_ENDED]) throw new SessionEndedException();
  const session = request.session;
  if (!session || session.storeUnavailable) throw new SessionUnavailableException();
  return session;
});
