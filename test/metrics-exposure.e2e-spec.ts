import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot, ROUTE_TABLE } from '@app/stack';
import { readComposeFile } from './support/compose-file';

const VARIABLES = {
  REGISTRY: 'registry.example.com/shop',
  TAG: '1',
  DOMAIN: 'shop.example.com',
  ACME_EMAIL: 'ops@example.com',
};

describe.each([
  {
    file: 'docker/stack.yml',
    entryPoint: 'websecure',
    // Swarm's routers answer for the deployment's host name only.
    metricsRule: (prefix: string) => `Host(\`${VARIABLES.DOMAIN}\`) && PathPrefix(\`${prefix}/metrics\`)`,
    labelsOf: (service: { deploy: { labels: Record<string, string> } }) => service.deploy.labels,
  },
  {
    file: 'docker/compose.yml',
    entryPoint: 'web',
    metricsRule: (prefix: string) => `PathPrefix(\`${prefix}/metrics\`)`,
    labelsOf: (service: { labels: Record<string, string> }) => service.labels,
  },
])('$file keeps /<app>/metrics off the public router', ({ file, entryPoint, metricsRule, labelsOf }) => {
  const compose = readComposeFile(join(repositoryRoot(), file), VARIABLES);

  it.each(ROUTE_TABLE.map((route) => [route.app, route]))(
    '%s: a router ahead of the app refuses it to every client',
    (app, route) => {
      const labels = labelsOf(compose.services[app] as never);
      const router = (setting: string): string | undefined => labels[`traefik.http.routers.${app}-metrics.${setting}`];
      expect(router('rule')).toBe(metricsRule(route.prefix));
      expect(router('entrypoints')).toBe(entryPoint);
      // Traefik ranks routers by rule length unless told: this one must win over the app's own.
      const appRule = labels[`traefik.http.routers.${app}.rule`];
      expect(Number(router('priority'))).toBeGreaterThan(appRule.length);
      const middlewares = router('middlewares')!.split(',');
      const allowed = middlewares
        .map((name) => labels[`traefik.http.middlewares.${name}.ipallowlist.sourcerange`])
        .filter(Boolean);
      expect(allowed).toEqual(['127.0.0.1/32']);
    },
  );

  it('publishes no port of an app: the metrics are reachable on the backend network only', () => {
    const raw = parse(readFileSync(join(repositoryRoot(), file), 'utf8'), { merge: true }) as {
      services: Record<string, { ports?: unknown }>;
    };
    for (const { app } of ROUTE_TABLE)
      expect({ app, ports: raw.services[app].ports }).toEqual({ app, ports: undefined });
  });
});
