import Fastify from 'fastify';
import { RouteTable } from './route-table';

describe('RouteTable', () => {
  it('learns the methods of each path as Fastify matches them: parameters, wildcards, HEAD for GET', async () => {
    const fastify = Fastify();
    const routes = new RouteTable(fastify);
    fastify.get('/auth/me', () => 'me');
    fastify.delete('/auth/sessions/:id', () => 'ended');
    fastify.route({ method: ['PATCH', 'DELETE'], url: '/cart/items/:sku', handler: () => 'changed' });
    fastify.get('/web/*', () => 'file');
    await fastify.ready();

    expect(routes.methodsOf('/auth/me')).toEqual(['GET', 'HEAD']);
    expect(routes.methodsOf('/auth/sessions/abc')).toEqual(['DELETE']);
    expect(routes.methodsOf('/cart/items/MUG-001')).toEqual(['DELETE', 'PATCH']);
    expect(routes.methodsOf('/web/a/b.css')).toEqual(['GET', 'HEAD']);
    for (const unrouted of ['/auth/me/', '/AUTH/me', '/auth/sessions', '/nowhere'])
      expect({ unrouted, methods: routes.methodsOf(unrouted) }).toEqual({ unrouted, methods: [] });
    await fastify.close();
  });

  it('takes routes that differ only by a constraint as one path', async () => {
    const fastify = Fastify();
    const routes = new RouteTable(fastify);
    fastify.get('/cart', { constraints: { version: '1.0.0' } }, () => 'v1');
    fastify.get('/cart', { constraints: { version: '2.0.0' } }, () => 'v2');
    await fastify.ready();

    expect(routes.methodsOf('/cart')).toEqual(['GET', 'HEAD']);
    await fastify.close();
  });
});
