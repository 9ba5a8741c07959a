import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
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
    if (response.unexpected) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (response.headers) reply.headers(response.headers);
    reply.status(response.statusCode).send(response.body);
  }
}
