import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from '../routing/path-of';
import { RouteTable } from '../routing/route-table';
import { toErrorResponse } from './error-response';
import { MethodNotAllowedException } from './method-not-allowed.exception';
import { RouteNotFoundException } from './route-not-found.exception';

/**
 * Answers every error a handler, guard or pipe throws with the JSON error body. Given the app's
 * {@link RouteTable}, a request no route matched is answered 405 with `Allow` when its path is
 * routed for other methods, and 404 naming the URL otherwise.
 *
 * @publicApi
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly routes?: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // Nest's not-found handler throws a bare 404 for every request no route matched.
    if (this.routes && request.is404 && exception instanceof NotFoundException)
      exception = unrouted(request, this.routes);
    const response = toErrorResponse(exception);
    // With the request's id: the request line of this 5xx carries the same one.
    if (response.unexpected) this.logger.error({ requestId: request.id, err: exception }, 'unexpected error');
    const reply = http.getResponse<FastifyReply>();
    if (response.headers) reply.headers(response.headers);
    reply.status(response.statusCode).send(response.body);
  }
}

function unrouted({ method, url }: FastifyRequest, routes: RouteTable): HttpException {
  const path = pathOf(url);
  const allowed = routes.methodsOf(path);
  // A route that matched and then found nothing (a static file that is not there) stays a 404.
  return allowed.length && !allowed.includes(method)
    ? new MethodNotAllowedException(method, path, allowed)
    : new RouteNotFoundException(method, path);
}
