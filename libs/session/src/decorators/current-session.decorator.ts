import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { SessionUnavailableException } from '../session-unavailable.exception';

/**
 * The request's session, signed in or not, to read or change (changes are saved when the
 * response is sent). Answers 503 when the session store cannot be read.
 *
 * @publicApi
 */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const session = context.switchToHttp().getRequest<FastifyRequest>().session;
  if (!session || session.storeUnavailable) throw new SessionUnavailableException();
  return session;
});
