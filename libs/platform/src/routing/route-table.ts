import { FastifyInstance } from 'fastify';
import FindMyWay, { HTTPMethod } from 'find-my-way';

/**
 * The methods each path of an app is routed for, learnt from its routes as Fastify adds them:
 * a request for a path that exists only with other methods is answered 405 with `Allow`, as
 * HTTP asks, not 404. A router of Fastify's own kind, so both match a path alike.
 */
export class RouteTable {
  private readonly router = FindMyWay();
  private readonly methods = new Set<HTTPMethod>();

  /** Starts learning the routes `fastify` adds from now on. */
  constructor(fastify: FastifyInstance) {
    fastify.addHook('onRoute', ({ method, url }) => {
      for (const each of [method].flat() as HTTPMethod[]) {
        // Routes that differ only by a constraint (a version, a host) are one path here.
        if (this.router.hasRoute(each, url)) continue;
        this.methods.add(each);
        this.router.on(each, url, () => undefined);
      }
    });
  }

  /** The methods `path` (a URL without its query) is routed for, sorted; none when it is unrouted. */
  methodsOf(path: string): string[] {
    return [...this.methods].filter((method) => this.router.find(method, path) !== null).sort();
  }
}
