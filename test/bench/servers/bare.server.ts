import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { announce } from './announce';

/**
 * The ceiling of any server here: bare Fastify (no hooks, no logging) sending the bodies the
 * project's apps send for `GET /cart/catalog` and `GET /auth/me` (`CATALOG_BODY`, `ME_BODY`,
 * read from the apps by the harness), with no session and no Redis. The project's rows are
 * compared with these twins to show what the framework around the session costs.
 */
async function main(): Promise<void> {
  const bodies = { '/catalog': process.env.CATALOG_BODY, '/me': process.env.ME_BODY };
  const app = Fastify({ logger: false });
  for (const [path, body] of Object.entries(bodies)) {
    if (!body) throw new Error(`the body of ${path} is not set`);
    app.get(path, (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port, () => app.close());
}

void main();
