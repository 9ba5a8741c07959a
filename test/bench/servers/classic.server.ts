import type { AddressInfo } from 'node:net';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { announce, BENCH_USER, redisUrl } from './announce';

declare module 'express-session' {
  interface SessionData {
    user?: typeof BENCH_USER;
  }
}

/** The classic recipe: Express, express-session and connect-redis on a node-redis client. */
async function main(): Promise<void> {
  const client = createClient({ url: redisUrl() });
  await client.connect();
  const app = express();
  app.use(
    session({
      store: new RedisStore({ client, prefix: 'classic:' }),
      secret: 'a-bench-secret-that-is-long-enough-0123456789',
      name: 'sid',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.post('/login', (request, response, next) => {
    request.session.regenerate((error) => {
      if (error) return next(error);
      request.session.user = BENCH_USER;
      response.json(BENCH_USER);
    });
  });
  app.get('/me', (request, response) => {
    if (!request.session.user) return void response.status(401).json({ statusCode: 401, error: 'Unauthorized' });
    response.json(request.session.user);
  });
  const server = app.listen(0, '127.0.0.1', () =>
    announce((server.address() as AddressInfo).port, async () => {
      await new Promise((resolve) => server.close(resolve));
      await client.quit();
    }),
  );
}

void main();
