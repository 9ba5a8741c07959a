import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { SESSION_REPLACED, SIGNED_IN_SESSION_ENDED } from '../request-session';
import { SessionEndedException } from '../session-ended.exception';
import { SessionReplacedException } from '../session-replaced.exception';
import { SessionUnavailableException } from '../session-unavailable.exception';

/**
 * The request's session, signed in or not, to read or change (changes are saved when the
 * response is sent). Answers 503 when the session store cannot be read, and 401 (clearing the
 * cookie) when the cookie named a signed-in session that has ended: see
 * {@link SessionEndedException}; 409 (leaving the cookie alone) when it named a session that a
 * sign-in or a renewal replaced lately: see {@link SessionReplacedException}.
 *
 * @publicApi
 */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request[SIGNED_IN_SESSION_ENDED]) throw new SessionEndedException();
  if (request[SESSION_REPLACED]) throw new SessionReplacedException();
  const session = request.session;
  if (!session || session.storeUnavailable) throw new SessionUnavailableException();
  return session;
});
