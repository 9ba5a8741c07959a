import { AppNames } from './app-name';

/** The deployment files that name every app: Swarm's, Compose's, and Swarm's Sentinel override. */
export type DeploymentFile = 'docker/stack.yml' | 'docker/compose.yml' | 'docker/stack.sentinel.yml';

// The Redis service, before which the new app goes (after the other apps).
const REDIS_SERVICE = /^ {2}redis:$/m;
// In the Sentinel override an app is one line, `  <app>: *sentinel-app`, after the others.
const SENTINEL_APP = (name: string): string => `  ${name}: *sentinel-app\n`;
const SENTINEL_APPS = /^(?: {2}\S+: \*sentinel-app\n)+/m;

/**
 * `file` with a service for the app, wired like the others: the shared environment, secrets and
 * network (`<<: *app`), the image of `docker/Dockerfile` built for it, a Traefik router for its
 * prefix with retries and a readiness health check, and a router that refuses its metrics from
 * outside; in the Sentinel override, one line giving it the Sentinel variables. Throws when the
 * file has the service already or has no place for it.
 */
export function withAppService(file: DeploymentFile, source: string, names: AppNames): string {
  if (new RegExp(`^ {2}${names.name}:( |$)`, 'm').test(source))
    throw new Error(`${file} already has a service "${names.name}"`);
  if (file === 'docker/stack.sentinel.yml') {
    const apps = SENTINEL_APPS.exec(source);
    if (!apps) throw new Error(`Cannot find the apps (\`<app>: *sentinel-app\`) in ${file}`);
    const end = apps.index + apps[0].length;
    return source.slice(0, end) + SENTINEL_APP(names.name) + source.slice(end);
  }
  const redis = REDIS_SERVICE.exec(source);
  if (!redis) throw new Error(`Cannot find the redis service in ${file}, before which the app goes`);
  const block = file === 'docker/stack.yml' ? swarmService(names) : composeService(names);
  return source.slice(0, redis.index) + block + source.slice(redis.index);
}

function traefikLabels({ name }: AppNames, entryPoint: string, indent: string): string {
  // Swarm's routers answer for DOMAIN only, over HTTPS with HSTS; Compose's are local HTTP.
  const swarm = entryPoint === 'websecure';
  const paths = `Path(\`/${name}\`) || PathPrefix(\`/${name}/\`)`;
  const metrics = `PathPrefix(\`/${name}/metrics\`)`;
  const forDomain = (rule: string): string => (swarm ? `Host(\`\${DOMAIN}\`) && ${rule}` : rule);
  return [
    'traefik.enable=true',
    ...(swarm ? ['traefik.swarm.network=${STACK_NAME:-shop}_edge'] : []),
    `traefik.http.routers.${name}.rule=${swarm ? forDomain(`(${paths})`) : paths}`,
    `traefik.http.routers.${name}.entrypoints=${entryPoint}`,
    `traefik.http.routers.${name}.service=${name}`,
    `# Bodies over the app's BODY_LIMIT_BYTES (16 KiB by default) get a 413 here, unread by ${name}.`,
    `traefik.http.routers.${name}.middlewares=${name}-body-limit,${swarm ? `${name}-hsts,` : ''}${name}-retry`,
    `traefik.http.middlewares.${name}-body-limit.buffering.maxRequestBodyBytes=16384`,
    ...(swarm ? [`traefik.http.middlewares.${name}-hsts.headers.stsSeconds=31536000`] : []),
    `traefik.http.middlewares.${name}-retry.retry.attempts=3`,
    `traefik.http.middlewares.${name}-retry.retry.initialinterval=100ms`,
    `traefik.http.services.${name}.loadbalancer.server.port=3000`,
    `traefik.http.services.${name}.loadbalancer.healthcheck.path=/${name}/health/ready`,
    `traefik.http.services.${name}.loadbalancer.healthcheck.interval=2s`,
    `traefik.http.services.${name}.loadbalancer.healthcheck.timeout=1s`,
    `# ${name}'s metrics are for Prometheus on the backend network: refused here (see the top).`,
    `traefik.http.routers.${name}-metrics.rule=${forDomain(metrics)}`,
    `traefik.http.routers.${name}-metrics.priority=1000`,
    `traefik.http.routers.${name}-metrics.entrypoints=${entryPoint}`,
    `traefik.http.routers.${name}-metrics.service=${name}`,
    `traefik.http.routers.${name}-metrics.middlewares=${name}-metrics-internal`,
    `traefik.http.middlewares.${name}-metrics-internal.ipallowlist.sourcerange=127.0.0.1/32`,
  ]
    .map((label) => (label.startsWith('#') ? `${indent}${label}\n` : `${indent}- ${label}\n`))
    .join('');
}

function swarmService(names: AppNames): string {
  const { name, variableName } = names;
  return `  ${name}:
    <<: *app
    image: \${REGISTRY:?set REGISTRY, e.g. registry.example.com/shop}/${name}:\${TAG:?set TAG, the image tag to deploy}
    deploy:
      <<: *app-deploy
      replicas: \${${variableName}_REPLICAS:-3}
      labels:
${traefikLabels(names, 'websecure', '        ')}
`;
}

function composeService(names: AppNames): string {
  const { name, variableName } = names;
  return `  ${name}:
    <<: *app
    image: shop/${name}:local
    build:
      context: ..
      dockerfile: docker/Dockerfile
      args:
        APP: ${name}
    deploy:
      replicas: \${${variableName}_REPLICAS:-2}
      resources: *app-resources
    labels:
${traefikLabels(names, 'web', '      ')}
`;
}

/** `file` without the app's service: its lines up to the next service. Throws when it has none. */
export function withoutAppService(file: DeploymentFile, source: string, name: string): string {
  const service =
    file === 'docker/stack.sentinel.yml'
      ? new RegExp(`^${SENTINEL_APP(name).replace('*', '\\*')}`, 'm')
      : new RegExp(`^ {2}${name}:\\n(?:(?: {4}.*)?\\n)*`, 'm');
  if (!service.test(source)) throw new Error(`${file} has no service "${name}"`);
  return source.replace(service, '');
}
