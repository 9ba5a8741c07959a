import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { announce, redisUrl } from './announce';

/**
 * The floor of "one Redis read per request": bare Fastify, the session key straight from the
 * cookie (no signature), one GET, the stored JSON sent back as it is.
 */
async function main(): Promise<void> {
  const redis = new Redis(redisUrl());
  const app = Fastify({ logger: false });
  app.get('/me', async (request, reply) => {
    const id = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const user = id ? await redis.get(`limit:${id}`) : null;
    if (!user) return reply.code(401).send({ statusCode: 401, error: 'Unauthorized' });
    return reply.type('application/json').send(user);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port, async () => {
    await app.close();
    redis.disconnect();
  });
}

void main();
