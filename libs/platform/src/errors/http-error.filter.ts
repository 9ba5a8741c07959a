import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

/**
 * Answers every error a handler, guard or pipe throws with the JSON error body.
 *
 * @publicApi
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = toErrorResponse(exception);
    const http = host.switchToHttp();
    // With the request's id: the request line of this 5xx carries the same one.
    if (response.unexpected)
      this.logger.error({ requestId: http.getRequest<FastifyRequest>().id, err: exception }, 'unexpected error');
    const reply = http.getResponse<FastifyReply>();
    if (response.headers) reply.headers(response.headers);
    reply.status(response.statusCode).send(response.body);
  }
}
