import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { FastifyReply } from 'fastify';

/**
 * `GET /<prefix>/metrics`: every metric of the process in Prometheus' text format. Traefik does
 * not route it from outside (see docker/stack.yml); Prometheus scrapes the replicas directly.
 */
// The path is set here: the module's own `path` option would go to its base class.
@Controller('metrics')
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of this replica (not routed from outside)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
