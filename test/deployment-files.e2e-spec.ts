import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Session } from 'fastify';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Environment } from '@app/platform';
import { encodeSession, recordOf } from '@app/session/session-record';
import { AppRoute, repositoryRoot, ROUTE_TABLE } from '@app/stack';
import { ComposeFile, ComposeService, readComposeFile } from './support/compose-file';

// What an operator exports before `docker stack deploy` (docs/deploy.md). STACK_NAME is not
// the default, so that the network name is seen to follow it.
const DEPLOY_VARIABLES = {
  STACK_NAME: 'teststack',
  REGISTRY: 'registry.example.com/shop',
  TAG: '1.2.3',
  DOMAIN: 'shop.example.com',
  ACME_EMAIL: 'ops@example.com',
};

/** Where Traefik finds its labels, and on which entry point the routers are. */
interface Deployment {
  file: string;
  /** Labels the Traefik provider of this file reads. */
  traefikLabels: (service: ComposeService) => Record<string, string>;
  /** Labels it ignores: no `traefik.*` label may be there. */
  ignoredLabels: (service: ComposeService) => Record<string, string>;
  entryPoint: string;
  /** Whether the services must name their network (Swarm) or share the only one (Compose). */
  namesNetwork: boolean;
  /** A router's rule for a path prefix rule: Swarm's also match the host name. */
  rule: (pathRule: string) => string;
}

const SWARM: Deployment = {
  file: 'docker/stack.yml',
  traefikLabels: (service) => service.deploy.labels,
  ignoredLabels: (service) => service.labels,
  entryPoint: 'websecure',
  namesNetwork: true,
  rule: (pathRule) => `Host(\`${DEPLOY_VARIABLES.DOMAIN}\`) && (${pathRule})`,
};

const COMPOSE: Deployment = {
  file: 'docker/compose.yml',
  traefikLabels: (service) => service.labels,
  ignoredLabels: (service) => service.deploy.labels,
  entryPoint: 'web',
  namesNetwork: false,
  rule: (pathRule) => pathRule,
};

const read = (deployment: Deployment, variables: Record<string, string> = DEPLOY_VARIABLES): ComposeFile =>
  readComposeFile(join(repositoryRoot(), deployment.file), variables);

/** `{ 'traefik.http.routers.auth.rule': x }` as `{ auth: { rule: x } }`; Traefik's label names ignore case. */
function labelGroups(labels: Record<string, string>, prefix: string): Record<string, Record<string, string>> {
  const groups: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(labels)) {
    const lower = key.toLowerCase();
    if (!lower.startsWith(prefix)) continue;
    const [name, ...setting] = lower.slice(prefix.length).split('.');
    (groups[name] ??= {})[setting.join('.')] = value;
  }
  return groups;
}

/**
 * Everything that would keep Traefik from serving `route` from the file, as sentences: a router
 * matching the prefix as the gateway does (the prefix itself and whole segments under it), the
 * port the app listens on, a health check on its readiness path, and the app's secrets mounted
 * and read through `NAME_FILE`. None when it is right.
 */
function routeProblems(deployment: Deployment, file: ComposeFile, route: AppRoute): string[] {
  const service = file.services[route.app];
  if (!service) return [`no service "${route.app}" for the route table entry ${route.prefix}`];
  const problems: string[] = [];
  const labels = deployment.traefikLabels(service);
  if (labels['traefik.enable'] !== 'true') problems.push('traefik.enable is not true');

  const rule = deployment.rule(`Path(\`${route.prefix}\`) || PathPrefix(\`${route.prefix}/\`)`);
  const router = Object.entries(labelGroups(labels, 'traefik.http.routers.')).find(
    ([, settings]) => settings.rule === rule,
  );
  if (!router) {
    problems.push(`no router with the rule ${rule}`);
  } else {
    const [name, settings] = router;
    if (settings.entrypoints !== deployment.entryPoint) {
      problems.push(`router ${name} is on ${settings.entrypoints}, not ${deployment.entryPoint}`);
    }
    if (Object.keys(settings).some((setting) => setting === 'tls' || setting.startsWith('tls.'))) {
      problems.push(`router ${name} sets tls itself, which replaces the entry point's resolver and domain`);
    }
    // As the dev gateway does: a body over the app's limit is refused before a replica reads it.
    const [first] = (settings.middlewares ?? '').split(',');
    const bodyLimit = labelGroups(labels, 'traefik.http.middlewares.')[first]?.['buffering.maxrequestbodybytes'];
    const appLimit = service.environment.BODY_LIMIT_BYTES ?? String(new Environment().BODY_LIMIT_BYTES);
    if (bodyLimit !== appLimit) {
      problems.push(`router ${name} does not refuse bodies over ${appLimit} bytes first (buffering: ${bodyLimit})`);
    }
    const services = labelGroups(labels, 'traefik.http.services.');
    const serviceName = settings.service ?? (Object.keys(services).length === 1 ? Object.keys(services)[0] : undefined);
    const loadBalancer = serviceName === undefined ? undefined : services[serviceName];
    if (!loadBalancer) {
      problems.push(`router ${name} has no Traefik service with a load balancer`);
    } else {
      const port = service.environment.PORT;
      if (!port || loadBalancer['loadbalancer.server.port'] !== port) {
        problems.push(
          `load balancer port ${loadBalancer['loadbalancer.server.port']} is not the PORT the app listens on (${port})`,
        );
      }
      if (loadBalancer['loadbalancer.healthcheck.path'] !== route.readinessPath) {
        problems.push(
          `health check path ${loadBalancer['loadbalancer.healthcheck.path']} is not ${route.readinessPath}`,
        );
      }
    }
  }

  if (deployment.namesNetwork) {
    const network = labels['traefik.swarm.network'];
    const joined = service.networks.find(
      (key) => (file.networkNames[key] ?? `${DEPLOY_VARIABLES.STACK_NAME}_${key}`) === network,
    );
    if (!network?.startsWith(`${DEPLOY_VARIABLES.STACK_NAME}_`) || !joined) {
      problems.push(`traefik.swarm.network (${network}) is not the stack-prefixed name of a network the service joins`);
    } else if (!file.services.traefik?.networks.includes(joined)) {
      problems.push(`Traefik is not on the network ${network}`);
    }
  }

  for (const name of route.secrets) {
    if (service.environment[name] !== undefined) problems.push(`${name} is in plain sight: set ${name}_FILE`);
    if (service.environment[`${name}_FILE`] === undefined) problems.push(`${name}_FILE is not set`);
  }
  return [...problems, ...secretFileProblems(file, service)];
}

/** Each `NAME_FILE` must name a secret mounted in the service and defined in the file. */
function secretFileProblems(file: ComposeFile, service: ComposeService): string[] {
  return Object.entries(service.environment)
    .filter(([key]) => key.endsWith('_FILE'))
    .flatMap(([key, path]) => {
      const target = path.startsWith('/run/secrets/') ? path.slice('/run/secrets/'.length) : undefined;
      const mount = service.secrets.find((secret) => secret.target === target);
      if (!mount) return [`${key}=${path} is not a secret mounted in the service`];
      return file.secrets[mount.source] ? [] : [`secret ${mount.source} is not defined in the file`];
    });
}

describe.each([SWARM, COMPOSE])('$file', (deployment) => {
  const file = read(deployment);

  it.each(ROUTE_TABLE.map((route) => [route.app, route]))('routes %s by the route table', (_app, route) => {
    expect(routeProblems(deployment, file, route)).toEqual([]);
  });

  it('finds an app of the route table that the file does not deploy', () => {
    const orders: AppRoute = {
      app: 'orders',
      prefix: '/orders',
      livenessPath: '/orders/health/live',
      readinessPath: '/orders/health/ready',
      secrets: ['SESSION_SECRETS'],
    };
    expect(routeProblems(deployment, file, orders)).toEqual(['no service "orders" for the route table entry /orders']);
  });

  it('has Traefik labels only where its provider reads them, and no sticky sessions', () => {
    for (const [name, service] of Object.entries(file.services)) {
      const misplaced = Object.keys(deployment.ignoredLabels(service)).filter((key) => key.startsWith('traefik.'));
      expect({ service: name, misplaced }).toEqual({ service: name, misplaced: [] });
      const sticky = Object.keys(deployment.traefikLabels(service)).filter((key) =>
        key.toLowerCase().includes('.sticky'),
      );
      expect({ service: name, sticky }).toEqual({ service: name, sticky: [] });
    }
  });

  it('mounts every secret a NAME_FILE variable names, in every service', () => {
    for (const [name, service] of Object.entries(file.services)) {
      expect({ service: name, problems: secretFileProblems(file, service) }).toEqual({ service: name, problems: [] });
    }
  });

  it('gives each app longer to stop than its own shutdown deadline', () => {
    for (const { app } of ROUTE_TABLE) {
      const { environment, stopGracePeriodSeconds } = file.services[app];
      const deadline = Number(environment.SHUTDOWN_DRAIN_SECONDS) + Number(environment.SHUTDOWN_TIMEOUT_SECONDS);
      expect(deadline).toBeGreaterThan(0);
      expect(stopGracePeriodSeconds).toBeGreaterThan(deadline);
    }
  });

  it('runs Redis with an append-only file on a volume, never evicting, behind a password and a health check', () => {
    const redis = file.services.redis;
    const command = redis.command.join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--appendfsync everysec\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    expect(command).toMatch(/--maxmemory \d+[kmg]b\b/);
    expect(command).toContain('--requirepass "$(cat /run/secrets/redis_password)"');
    expect(redis.secrets.map(({ target }) => target)).toContain('redis_password');
    expect(redis.volumes).toContain('redis-data');
    expect(file.volumes).toContain('redis-data');
    expect(redis.healthcheck?.test).toEqual(expect.arrayContaining([expect.stringContaining('redis-cli ping')]));
  });

  it("keeps a user's sessions hash compact: the largest signed-in session's record fits Redis's listpack value limit", () => {
    const command = file.services.redis.command.join(' ');
    const limit = Number(/--hash-max-listpack-value (\d+)\b/.exec(command)?.[1]);
    const record = recordOf(
      encodeSession({
        createdAt: 1_764_000_000,
        touchedAt: 1_764_000_000,
        // The longest email the auth app accepts: 254 characters.
        user: { id: randomUUID(), email: `${'a'.repeat(64)}@${'b'.repeat(177)}.example.com`, roles: ['user', 'admin'] },
        ip: '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
        userAgentId: 'x'.repeat(16),
        // The cart app's anonymous cart, kept until the first cart request after sign-in.
        cartId: 'c'.repeat(22),
      } as unknown as Session),
    );
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(limit);
  });
});

describe('docker/stack.yml for Swarm', () => {
  const file = read(SWARM);

  it('runs Traefik v3 with the Swarm provider, nothing exposed by default, HTTP redirected to HTTPS, no dashboard, on its labelled node', () => {
    const traefik = file.services.traefik;
    expect(traefik.image).toMatch(/^traefik:v3\.[\d.]+@sha256:[\da-f]{64}$/);
    expect(traefik.command).toEqual(
      expect.arrayContaining([
        '--providers.swarm.endpoint=tcp://socket-proxy:2375',
        '--providers.swarm.exposedByDefault=false',
        '--entrypoints.web.address=:80',
        '--entrypoints.web.http.redirections.entrypoint.to=websecure',
        '--entrypoints.web.http.redirections.entrypoint.scheme=https',
        '--entrypoints.websecure.address=:443',
        '--entrypoints.websecure.http.tls.certresolver=letsencrypt',
        `--entrypoints.websecure.http.tls.domains[0].main=${DEPLOY_VARIABLES.DOMAIN}`,
        `--certificatesresolvers.letsencrypt.acme.email=${DEPLOY_VARIABLES.ACME_EMAIL}`,
      ]),
    );
    // Traefik v2's flag; v3 refuses to start with it.
    expect(traefik.command.filter((flag) => /swarmmode|--api/i.test(flag))).toEqual([]);
    expect(traefik.deploy.placementConstraints).toEqual(['node.labels.traefik == true']);
  });

  it('gives Traefik the Docker API through a read-only socket proxy on a manager, not the socket', () => {
    const { traefik, 'socket-proxy': proxy } = file.services;
    expect(traefik.volumes.filter((volume) => volume.includes('docker.sock'))).toEqual([]);
    expect(proxy.volumes).toEqual(['/var/run/docker.sock']);
    expect(proxy.environment.POST ?? '0').toBe('0');
    expect(proxy.deploy.placementConstraints).toEqual(['node.role == manager']);
    expect(proxy.networks.filter((network) => traefik.networks.includes(network))).toEqual(['docker-api']);
  });

  it('keeps Redis off the network Traefik is on', () => {
    const { traefik, redis } = file.services;
    expect(redis.networks.filter((network) => traefik.networks.includes(network))).toEqual([]);
  });

  it('pins every image it does not build by digest, the same in docker/compose.yml, and rotates every service log', () => {
    const compose = read(COMPOSE);
    for (const [name, service] of Object.entries(file.services)) {
      if (!ROUTE_TABLE.some(({ app }) => app === name)) {
        // The tag names the exact release the digest is (docs/deploy.md, "Pinned images").
        expect({ name, image: service.image }).toEqual({
          name,
          image: expect.stringMatching(/:v?\d+\.\d+\.\d+[\w.-]*@sha256:[\da-f]{64}$/),
        });
        if (compose.services[name]) {
          expect({ name, image: compose.services[name].image }).toEqual({ name, image: service.image });
        }
      }
      expect({ name, logging: service.logging }).toEqual({
        name,
        logging: { driver: 'json-file', options: { 'max-size': expect.any(String), 'max-file': expect.any(String) } },
      });
    }
  });

  it.each(ROUTE_TABLE.map(({ app }) => [app]))(
    'rolls %s out start-first, rolls it back on failure, restarts it and limits it',
    (app) => {
      const { deploy } = file.services[app];
      expect(deploy.updateConfig).toMatchObject({
        order: 'start-first',
        failure_action: 'rollback',
        monitor: expect.any(String),
      });
      expect(deploy.rollbackConfig).toMatchObject({ order: expect.any(String), monitor: expect.any(String) });
      expect(deploy.restartPolicy).toMatchObject({ condition: expect.any(String) });
      expect(deploy.resources).toMatchObject({ limits: { cpus: expect.any(String), memory: expect.any(String) } });
    },
  );

  it.each(ROUTE_TABLE.map(({ app }) => [app]))('runs 3 replicas of %s unless <APP>_REPLICAS says otherwise', (app) => {
    expect(file.services[app].deploy.replicas).toBe(3);
    const scaled = read(SWARM, { ...DEPLOY_VARIABLES, [`${app.toUpperCase()}_REPLICAS`]: '5' });
    expect(scaled.services[app].deploy.replicas).toBe(5);
  });

  it('fits its defaults on one node with 2 CPUs and 4 GB, every app updating start-first at once (docs/deploy.md, "Capacity")', () => {
    const memoryBytes = (size: string): number => {
      const [, amount, unit] = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(size)!;
      return Number(amount) * 1024 ** ' kmg'.indexOf(unit.toLowerCase() || ' ');
    };
    let cpus = 0;
    let memory = 0;
    // The figures hold for the stack as shipped; an app added with npm run new:app reserves what
    // each of these does, on top (docs/deploy.md, "Capacity").
    const shipped = new Set(['traefik', 'socket-proxy', 'redis', 'auth', 'profile', 'cart', 'web']);
    for (const [name, service] of Object.entries(file.services)) {
      const { reservations } = service.deploy.resources as { reservations?: { cpus?: string; memory?: string } };
      expect({ name, reservations }).toEqual({
        name,
        reservations: { cpus: expect.any(String), memory: expect.any(String) },
      });
      if (!shipped.has(name)) {
        expect({ name, reservations }).toEqual({
          name,
          reservations: file.services.auth.deploy.resources.reservations,
        });
        continue;
      }
      // A start-first update runs one task more than the replicas while it lasts.
      const tasks = (service.deploy.replicas ?? 1) + (service.deploy.updateConfig.order === 'start-first' ? 1 : 0);
      cpus += tasks * Number(reservations!.cpus);
      memory += tasks * memoryBytes(reservations!.memory!);
    }
    // The figures docs/deploy.md ("Capacity") and the file's header state; Swarm places a task
    // only where its reservation fits, and the rest of the node is the system's and the engine's.
    expect({ cpus: Math.round(cpus * 100) / 100, memoryMiB: memory / 1024 ** 2 }).toEqual({
      cpus: 1.85,
      memoryMiB: 2656,
    });
    expect(cpus).toBeLessThanOrEqual(2);
    expect(memory).toBeLessThanOrEqual(3 * 1024 ** 3);
  });

  it('pins Redis to one labelled node and keeps its secrets external (docker secret create)', () => {
    expect(file.services.redis.deploy).toMatchObject({
      replicas: 1,
      placementConstraints: ['node.labels.redis == true'],
    });
    for (const [name, secret] of Object.entries(file.secrets)) {
      expect({ name, external: secret.external }).toEqual({ name, external: true });
    }
  });

  it('refuses to deploy without the image and certificate variables', () => {
    for (const name of ['REGISTRY', 'TAG', 'DOMAIN', 'ACME_EMAIL'] as const) {
      const { [name]: _omitted, ...rest } = DEPLOY_VARIABLES;
      expect(() => read(SWARM, rest)).toThrow(`required variable ${name} is missing a value`);
    }
  });
});

describe('docker/Dockerfile and .dockerignore', () => {
  /** The Dockerfile's instructions (continuations joined, comments dropped), by stage name. */
  function stages(): Map<string, { keyword: string; argument: string }[]> {
    const text = readFileSync(join(repositoryRoot(), 'docker/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
    const result = new Map<string, { keyword: string; argument: string }[]>();
    let current: { keyword: string; argument: string }[] | undefined;
    for (const line of text.split('\n').map((item) => item.trim())) {
      if (!line || line.startsWith('#')) continue;
      const [, keyword, argument] = /^(\S+)\s+(.*)$/.exec(line)!;
      if (keyword.toUpperCase() === 'FROM') {
        current = [];
        result.set(/\sAS\s+(\S+)$/i.exec(argument)?.[1] ?? `stage${result.size}`, current);
      }
      current?.push({ keyword: keyword.toUpperCase(), argument: argument.trim() });
    }
    return result;
  }

  it('builds with dev dependencies and runs with production ones only, as a non-root user, listening on 0.0.0.0', () => {
    const all = stages();
    const runtime = [...all.values()].at(-1)!;
    const argumentsOf = (keyword: string): string[] =>
      runtime.filter((item) => item.keyword === keyword).map((item) => item.argument);
    const buildSteps =
      all
        .get('build')
        ?.filter(({ keyword }) => keyword === 'RUN')
        .map(({ argument }) => argument) ?? [];
    expect(buildSteps.some((step) => /npm ci\b/.test(step) && !step.includes('--omit=dev'))).toBe(true);
    expect(buildSteps.some((step) => /nest build "\$APP"/.test(step))).toBe(true);

    const modulesFrom = /^--from=(\S+) \/app\/node_modules /.exec(
      argumentsOf('COPY').find((copy) => copy.includes('node_modules'))!,
    )![1];
    expect(all.get(modulesFrom)?.find(({ keyword }) => keyword === 'RUN')?.argument).toMatch(/npm ci --omit=dev/);
    expect(argumentsOf('USER')).toEqual(['node']);
    expect(argumentsOf('ENV').join(' ')).toMatch(/NODE_ENV=production/);
    expect(argumentsOf('ENV').join(' ')).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('checks liveness, and starts node as PID 1, with exec forms that are valid JSON', () => {
    const runtime = [...stages().values()].at(-1)!;
    const healthcheck = runtime.find(({ keyword }) => keyword === 'HEALTHCHECK')!.argument;
    // Not JSON, Docker would run the array's text through a shell, silently.
    const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    expect(probe.join(' ')).toContain('/health/live');
    const command = JSON.parse(runtime.find(({ keyword }) => keyword === 'CMD')!.argument) as string[];
    expect(command.at(-1)).toMatch(/^exec node /);
  });

  it('keeps secrets, dependencies, builds and local data out of the build context', () => {
    const patterns = readFileSync(join(repositoryRoot(), '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    // An allow list: everything is out unless let in again.
    expect(patterns[0]).toBe('*');
    expect(patterns.filter((pattern) => pattern.startsWith('!')).sort()).toEqual(
      [
        '!apps/',
        // The apps' build configuration (bundling; auth's second entry, cli.js), the only
        // JavaScript let in.
        '!apps/*/webpack.config.js',
        '!scripts/webpack.app.config.js',
        // The files an app serves as they are: the web client's script is JavaScript too.
        '!apps/*/src/public/**',
        '!libs/',
        '!nest-cli.json',
        '!package-lock.json',
        '!package.json',
        '!tsconfig.json',
      ].sort(),
    );
    expect(patterns).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '**/.env', '**/.env.*']));
  });
});

describe(".github/workflows/ci.yml, the users' CI", () => {
  it('builds the image of every app of the route table from docker/Dockerfile', () => {
    const workflow = parse(readFileSync(join(repositoryRoot(), '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    const builds = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .map((step) => step.run ?? '')
      .filter((run) => run.includes('docker build'));
    expect(builds).toEqual([expect.stringContaining('for app in $(npm run --silent apps); do')]);
    expect(builds[0]).toContain('docker build -f docker/Dockerfile --build-arg APP="$app"');
    // What that loop goes over: the apps of the route table, one a line.
    const listed = execFileSync('npm', ['run', '--silent', 'apps'], { cwd: repositoryRoot(), encoding: 'utf8' });
    expect(listed.trim().split('\n')).toEqual(ROUTE_TABLE.map(({ app }) => app));
  });
});
