import Fastify, { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { createRedisClient } from '@app/redis';
import { countRedisCommands, RedisServer, startRedisServer } from '@app/stack';
import { RedisSessionStore } from './redis-session.store';
import { existingSessionOf } from './request-session';
import { resolveSessionOptions } from './resolve-session-options';
import { SessionCookieSigner } from './session-cookie.signer';
import { registerSession } from './session.plugin';

declare module './index' {
  interface SessionData {
    note?: string;
  }
}

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;

describe('registerSession (against a real redis-server)', () => {
  let server: RedisServer;
  let client: Redis;
  let observer: Redis;
  let app: FastifyInstance;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedisClient({ url: server.url }, silentLogger);
    observer = new Redis(server.url);
    await new Promise((resolve) => client.once('ready', resolve));
    const options = resolveSessionOptions({ secrets: ['a-test-secret-that-is-long-enough-123456'] });
    const store = new RedisSessionStore(client, options);
    app = Fastify();
    await app.register(registerSession, { options, store });
    app.get('/public', (request) => ({ made: existingSessionOf(request) !== undefined }));
    app.get('/read', (request) => ({ note: request.session.note ?? null }));
    app.post('/write', (request) => {
      request.session.note = 'kept';
      return {};
    });
    app.post('/destroy', async (request) => {
      await request.session.destroy();
      return { after: request.session };
    });
    // As a sign-in does (SessionService): the session under a new id, its old record a mark.
    app.post('/renew', async (request) => {
      const previous = request.session;
      await store.replace(previous, () => previous.regenerate(['note']));
      return {};
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    client?.disconnect();
    observer?.disconnect();
    await server?.stop();
  });

  afterEach(() => jest.restoreAllMocks());

  it('does no session work for a request without a cookie that does not read its session', async () => {
    const sign = jest.spyOn(SessionCookieSigner.prototype, 'sign');
    let response: Awaited<ReturnType<FastifyInstance['inject']>> | undefined;
    const { total } = await countRedisCommands(observer, async () => {
      response = await app.inject({ method: 'GET', url: '/public' });
    });

    expect(response!.json()).toEqual({ made: false });
    expect(response!.headers['set-cookie']).toBeUndefined();
    expect(sign).not.toHaveBeenCalled();
    expect(total).toBe(0);
  });

  it('makes the session when the request reads it, and stores nothing while it stays empty', async () => {
    const sign = jest.spyOn(SessionCookieSigner.prototype, 'sign');
    let response: Awaited<ReturnType<FastifyInstance['inject']>> | undefined;
    const { total } = await countRedisCommands(observer, async () => {
      response = await app.inject({ method: 'GET', url: '/read' });
    });

    expect(response!.json()).toEqual({ note: null });
    expect(sign).toHaveBeenCalledTimes(1);
    expect(response!.headers['set-cookie']).toBeUndefined();
    expect(total).toBe(0);
  });

  it('stores a session started by a write, and finds it by its cookie', async () => {
    const written = await app.inject({ method: 'POST', url: '/write' });
    const setCookie = String(written.headers['set-cookie']);
    expect(setCookie).toMatch(/^sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);

    const read = await app.inject({ method: 'GET', url: '/read', headers: { cookie: setCookie.split(';')[0] } });
    expect(read.json()).toEqual({ note: 'kept' });
    expect(read.headers['set-cookie']).toBeUndefined();
  });

  it('leaves a destroyed session destroyed: reading it again makes no new one', async () => {
    const destroyed = await app.inject({ method: 'POST', url: '/destroy' });
    expect(destroyed.json()).toEqual({ after: null });
    expect(destroyed.headers['set-cookie']).toBeUndefined();
  });

  it("answers a change through a replaced session's cookie with 409, storing nothing and setting no cookie", async () => {
    const first = await app.inject({ method: 'POST', url: '/write' });
    const oldCookie = String(first.headers['set-cookie']).split(';')[0];
    const renewed = await app.inject({ method: 'POST', url: '/renew', headers: { cookie: oldCookie } });
    const newCookie = String(renewed.headers['set-cookie']).split(';')[0];
    expect(newCookie).not.toBe(oldCookie);

    const read = await app.inject({ method: 'GET', url: '/read', headers: { cookie: oldCookie } });
    expect({ status: read.statusCode, body: read.json(), setCookie: read.headers['set-cookie'] }).toEqual({
      status: 200,
      body: { note: null },
      setCookie: undefined,
    });
    const { byCommand } = await countRedisCommands(observer, async () => {
      const written = await app.inject({ method: 'POST', url: '/write', headers: { cookie: oldCookie } });
      expect({ status: written.statusCode, setCookie: written.headers['set-cookie'] }).toEqual({
        status: 409,
        setCookie: undefined,
      });
    });
    // The read of the old id's mark, nothing written.
    expect(byCommand).toEqual({ get: 1 });

    const kept = await app.inject({ method: 'GET', url: '/read', headers: { cookie: newCookie } });
    expect(kept.json()).toEqual({ note: 'kept' });
  });
});
