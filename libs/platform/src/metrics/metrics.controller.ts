import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { register } from 'prom-client';
import { RouteNotFoundException } from '../errors/route-not-found.exception';
import { pathOf } from '../routing/path-of';

/**
 * `GET /<prefix>/metrics`: every metric of the process in Prometheus' text format, for a
 * Prometheus that scrapes each replica directly on the private network. Traefik refuses the path
 * from outside (see docker/stack.yml), and the app refuses it too when it came through a proxy.
 */
@Controller('metrics')
export class MetricsController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of this replica; not served through the proxy' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'The request came through a proxy (it has X-Forwarded-For)' })
  scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // Traefik and the development gateway always add X-Forwarded-For; a scraper on the network
    // does not. The same 404 as for a route that does not exist.
    if (request.headers['x-forwarded-for'] !== undefined)
      throw new RouteNotFoundException(request.method, pathOf(request.url));
    void reply.header('content-type', register.contentType);
    return register.metrics();
  }
}
