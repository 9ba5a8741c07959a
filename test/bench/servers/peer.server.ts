import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifySession, { SessionStore } from '@fastify/session';
import Fastify, { Session } from 'fastify';
import Redis from 'ioredis';
import { announce, BENCH_USER, redisUrl } from './announce';

const TTL_SECONDS = 1800;

/** A plain store on ioredis: the session as JSON, GET / SET EX / DEL. */
class PlainRedisStore implements SessionStore {
  constructor(private readonly redis: Redis) {}

  get(id: string, callback: (error: unknown, session?: Session | null) => void): void {
    this.redis
      .get(`peer:${id}`)
      .then((value) => callback(null, value ? (JSON.parse(value) as Session) : null), callback);
  }

  set(id: string, session: Session, callback: (error?: unknown) => void): void {
    this.redis.set(`peer:${id}`, JSON.stringify(session), 'EX', TTL_SECONDS).then(() => callback(), callback);
  }

  destroy(id: string, callback: (error?: unknown) => void): void {
    this.redis.del(`peer:${id}`).then(() => callback(), callback);
  }
}

/**
 * The peer: bare Fastify with `@fastify/session`'s default options and a plain ioredis store.
 * Only `cookie.secure` is changed, because the default (`true`) sends no cookie over plain HTTP.
 */
async function main(): Promise<void> {
  const redis = new Redis(redisUrl());
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: 'a-bench-secret-that-is-long-enough-0123456789',
    cookieName: 'sid',
    cookie: { secure: false },
    store: new PlainRedisStore(redis),
  });
  app.post('/login', async (request) => {
    await request.session.regenerate();
    request.session.set('user', BENCH_USER);
    return BENCH_USER;
  });
  app.get('/me', async (request, reply) => {
    const user = request.session.get('user');
    if (!user) return reply.code(401).send({ statusCode: 401, error: 'Unauthorized' });
    return user;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port, async () => {
    await app.close();
    redis.disconnect();
  });
}

void main();
