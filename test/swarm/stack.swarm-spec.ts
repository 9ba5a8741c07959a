import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { repositoryRoot, ROUTE_TABLE, throwawaySessionSecret } from '@app/stack';
import { CommandResult, docker, run } from './docker-cli';
import { engineClient, startSwarmEngine, SwarmEngine } from './docker-engine';
import { COMPOSE_VERSION, testStackFile } from './test-stack-file';

// The stack as docs/deploy.md deploys it, under its own name, with images built here.
const STACK = 'swarmtest';
const REGISTRY = 'swarm-test';
// A second stack of the test's own (a service no node has room for).
const BIG_STACK = `${STACK}-big`;
const BASE_IMAGE_SCRIPT = join(__dirname, 'build-base-images.sh');
// On each secret the test creates, so that its cleanup finds them and nothing else.
const SECRET_LABEL = 'nest-replicated-sessions.swarm-test';
const DEPLOY_VARIABLES = {
  STACK_NAME: STACK,
  REGISTRY,
  TAG: 'current',
  DOMAIN: 'shop.test',
  ACME_EMAIL: 'ops@shop.test',
  // Two replicas of each app show sessions across tasks and rolling updates as three would, and
  // the machine's 2 cores are shared with other work.
  ...Object.fromEntries(ROUTE_TABLE.map(({ app }) => [`${app.toUpperCase()}_REPLICAS`, '2'])),
  DEPLOY_TIMEOUT_SECONDS: '600',
};
const APPS = ROUTE_TABLE.map((route) => route.app);
const PROBE_SOURCE = readFileSync(join(__dirname, 'probe.js'), 'utf8');

interface ProbeResponse {
  status: number;
  servedBy: string | null;
  cookie: string | null;
  /** At most 2,000 characters; `sha256` is of the whole body. */
  body: string;
  sha256: string;
  error?: string;
}

interface LoadResult {
  requests: number;
  failures: string[];
  servedBy: Record<string, number>;
  /** Attempts retried on another replica, by their error code. */
  retried: Record<string, number>;
}

const started = Date.now();
/** Progress on stderr with the time since the start: how long each step takes. */
const phase = (text: string): void => {
  process.stderr.write(`[swarm ${((Date.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
};

let engine: SwarmEngine | undefined;
let base: Awaited<ReturnType<typeof baseImages>>;
let folder: string;
let stackFile: string;
let redisPassword: string;
let firstDeploy: CommandResult;

const service = (name: string): string => `${STACK}_${name}`;

/**
 * The base images, tagged with a hash of what they are made from (the script, node, npm and
 * redis-server): an engine kept from an earlier run reuses them only while they are current.
 */
async function baseImages(): Promise<Record<'debian' | 'node' | 'redis', string>> {
  const versions = await Promise.all([run('npm', ['--version']), run('redis-server', ['--version'])]);
  const tag = createHash('sha256')
    .update(readFileSync(BASE_IMAGE_SCRIPT))
    .update(process.version)
    .update(versions.map(({ stdout }) => stdout).join())
    .digest('hex')
    .slice(0, 12);
  return { debian: `${REGISTRY}/debian:${tag}`, node: `${REGISTRY}/node:${tag}`, redis: `${REGISTRY}/redis:${tag}` };
}

/** Removes a stack of the test and waits until its containers and networks are gone. */
async function removeStack(name: string): Promise<void> {
  await run('docker', ['stack', 'rm', name]);
  await waitFor(`the stack ${name} to be removed`, 120, async () => {
    const label = `label=com.docker.stack.namespace=${name}`;
    const containers = await docker(['ps', '-aq', '--filter', label]);
    const networks = await docker(['network', 'ls', '-q', '--filter', label]);
    return `${containers}${networks}`.trim() === '';
  });
}

/**
 * What a run that was stopped before its cleanup (a killed process) left in this engine: the
 * test's stacks, their volume and the secrets it creates. Nothing else is touched.
 */
async function removeLeftovers(): Promise<void> {
  const stacks = (await docker(['stack', 'ls', '--format', '{{.Name}}'])).split('\n');
  for (const name of [STACK, BIG_STACK].filter((name) => stacks.includes(name))) {
    phase(`removing the stack ${name}`);
    await removeStack(name);
  }
  await removeSecrets();
  await run('docker', ['volume', 'rm', `${STACK}_redis-data`]);
}

/** The secrets the test created (by their label: a deployment's own secrets are never touched). */
async function removeSecrets(): Promise<void> {
  const ids = (await docker(['secret', 'ls', '-q', '--filter', `label=${SECRET_LABEL}`])).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['secret', 'rm', ...ids]);
}

/** docker/deploy.sh with the test's stack file and `variables` on top of the deployment's. */
function deploy(variables: Record<string, string> = {}): Promise<CommandResult> {
  return run('docker/deploy.sh', ['-c', stackFile, '--resolve-image', 'never'], {
    env: { ...DEPLOY_VARIABLES, ...variables },
    timeoutMs: 600_000,
  });
}

async function createSecret(name: string, value: string): Promise<void> {
  await docker(['secret', 'create', '--label', SECRET_LABEL, name, '-'], { input: value });
}

/** The running containers of a service of the stack. */
async function containersOf(name: string): Promise<string[]> {
  const ids = await docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${service(name)}`]);
  return ids.split('\n').filter(Boolean);
}

/** Runs test/swarm/probe.js in the probe service with `plan`; for `load`, until `stop()`. */
function startProbe<T>(plan: Record<string, unknown>): { stop(): void; result: Promise<T> } {
  const child = containersOf('probe').then(([container]) => {
    if (!container) throw new Error('the probe service has no running container');
    const exec = spawn('docker', ['exec', '-i', container, 'node', '-e', PROBE_SOURCE, JSON.stringify(plan)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Closing the input of a probe that has exited already: its exit status reports it.
    exec.stdin.on('error', () => undefined);
    return exec;
  });
  const result = child.then(
    (process) =>
      new Promise<T>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        process.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        process.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        process.once('error', reject);
        process.once('close', (code) =>
          code === 0 ? resolve(JSON.parse(stdout) as T) : reject(new Error(`probe ${plan.op} failed: ${stderr}`)),
        );
      }),
  );
  // Without a probe to stop, `result` says why.
  return {
    stop: () =>
      void child.then(
        (process) => process.stdin.end(),
        () => undefined,
      ),
    result,
  };
}

const probe = <T>(plan: Record<string, unknown>): Promise<T> => {
  const running = startProbe<T>(plan);
  running.stop();
  return running.result;
};

/** Each app's task addresses, from Swarm's DNS on the edge network. */
const addresses = (): Promise<Record<string, string[]>> => probe({ op: 'resolve', apps: APPS });

const url = (address: string, path: string): string => `http://${address}:3000${path}`;

/** GETs `path` of every task of `app` with `cookie`. */
async function everyTask(app: string, path: string, cookie?: string): Promise<ProbeResponse[]> {
  const tasks = (await addresses())[app];
  return probe<ProbeResponse[]>({
    op: 'requests',
    requests: tasks.map((address) => ({ url: url(address, path), cookie })),
  });
}

/** Registers a new user on one auth task and signs in there: the session cookie. */
async function signIn(): Promise<{ cookie: string; email: string; servedBy: string | null }> {
  const [address] = (await addresses()).auth;
  const email = `swarm-${randomUUID()}@example.com`;
  const password = 'correct horse battery staple';
  const [registered, login] = await probe<ProbeResponse[]>({
    op: 'requests',
    requests: [
      { method: 'POST', url: url(address, '/auth/register'), body: { email, password } },
      { method: 'POST', url: url(address, '/auth/login'), body: { email, password } },
    ],
  });
  expect({ register: registered.status, login: login.status, cookie: Boolean(login.cookie) }).toEqual({
    register: 201,
    login: 200,
    cookie: true,
  });
  return { cookie: login.cookie!, email, servedBy: login.servedBy };
}

/** Polls `check` every 2 s until it resolves true, for at most `seconds`. */
async function waitFor(what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await sleep(2000);
  }
}

const updateState = async (name: string): Promise<string> =>
  (
    await docker([
      'service',
      'inspect',
      '--format',
      '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}',
      service(name),
    ])
  ).trim();

const everyTaskReady = async (app: string): Promise<boolean> => {
  const responses = await everyTask(app, `/${app}/health/ready`);
  return responses.length > 0 && responses.every((response) => response.status === 200);
};

beforeAll(async () => {
  phase('starting the engine');
  engine = await startSwarmEngine();
  folder = mkdtempSync(join(tmpdir(), 'swarm-test-'));
  await removeLeftovers();
  const node = (await docker(['info', '--format', '{{.Swarm.NodeID}}'])).trim();
  await docker(['node', 'update', '--label-add', 'redis=true', node]);

  base = await baseImages();
  phase(`base images ${Object.values(base).join(', ')} (debootstrap, Node.js, Redis; kept for the next run)`);
  const built = await run(BASE_IMAGE_SCRIPT, [base.debian, base.node, base.redis], {
    timeoutMs: 900_000,
    env: { NODE_BINARY: process.execPath },
  });
  if (built.code !== 0) throw new Error(`The base images could not be built:\n${built.stderr}`);
  // Base images of other inputs are stale: gone, so that the engine's disk does not fill up.
  for (const [name, current] of Object.entries(base)) {
    const tags = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', `${REGISTRY}/${name}`]);
    const stale = tags.split('\n').filter((tag) => tag && tag !== current);
    if (stale.length > 0) await docker(['image', 'rm', ...stale]);
  }

  for (const app of APPS) {
    phase(`building ${REGISTRY}/${app}:current from docker/Dockerfile`);
    const build = await run(
      engineClient(),
      [
        'build',
        // The engine here has no bridge network (--bridge=none): RUN steps use the host's.
        '--network',
        'host',
        '-f',
        'docker/Dockerfile',
        '--build-arg',
        `APP=${app}`,
        '--build-arg',
        `NODE_IMAGE=${base.node}`,
        '--build-arg',
        `RUNTIME_IMAGE=${base.debian}`,
        '-t',
        `${REGISTRY}/${app}:current`,
        repositoryRoot(),
      ],
      { env: { DOCKER_BUILDKIT: '1' }, timeoutMs: 900_000 },
    );
    if (build.code !== 0) throw new Error(`docker build of ${app} failed:\n${build.stderr.slice(-4000)}`);
  }

  redisPassword = randomBytes(24).toString('hex');
  await createSecret('session_secrets_v1', throwawaySessionSecret());
  await createSecret('redis_password_v1', redisPassword);
  await createSecret('redis_url_v1', `redis://:${redisPassword}@redis:6379`);
  stackFile = join(folder, 'stack.yml');
  writeFileSync(stackFile, testStackFile(APPS, { redisImage: base.redis, probeImage: base.node, startPeriod: '120s' }));

  phase('docker/deploy.sh');
  firstDeploy = await deploy();
  phase(`deployed (exit ${firstDeploy.code})`);
}, 1_800_000);

afterAll(async () => {
  phase('cleaning up');
  try {
    if (engine) {
      await removeLeftovers();
      // The apps' images: rebuilt by every run (from the build cache), so not worth their disk.
      const images = [...APPS.map((app) => `${REGISTRY}/${app}:current`), `${REGISTRY}/auth:next`];
      await run('docker', ['image', 'rm', ...images]);
    }
  } finally {
    await engine?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
    phase('done');
  }
}, 300_000);

describe('the stack on a single-node swarm', () => {
  it('converges with docker/deploy.sh: every service running, every task healthy', async () => {
    expect({ code: firstDeploy.code, output: firstDeploy.stderr.split('\n').slice(-5) }).toMatchObject({ code: 0 });
    for (const name of [...APPS, 'redis', 'probe']) {
      const replicas = (
        await docker(['service', 'ls', '--filter', `name=${service(name)}`, '--format', '{{.Replicas}}'])
      )
        .trim()
        .split(' ')[0];
      const [running, desired] = replicas.split('/');
      expect({ name, running }).toEqual({ name, running: desired });
    }
    for (const name of [...APPS, 'redis']) {
      for (const container of await containersOf(name)) {
        const health = (await docker(['inspect', '--format', '{{.State.Health.Status}}', container])).trim();
        expect({ name, container, health }).toEqual({ name, container, health: 'healthy' });
      }
    }
  });

  it.each(APPS.map((app) => [app]))(
    '%s reads its secrets from files under /run/secrets (NAME_FILE), readable by its user only',
    async (app) => {
      const environment = JSON.parse(
        await docker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', service(app)]),
      ) as string[];
      const names = environment.map((variable) => variable.split('=')[0]);
      expect(names).toEqual(expect.arrayContaining(['REDIS_URL_FILE', 'SESSION_SECRETS_FILE']));
      expect(names.filter((name) => name === 'REDIS_URL' || name === 'SESSION_SECRETS')).toEqual([]);
      const [container] = await containersOf(app);
      const files = await docker([
        'exec',
        container,
        'stat',
        '-c',
        '%n %u %a',
        '/run/secrets/redis_url',
        '/run/secrets/session_secrets',
      ]);
      expect(files.trim().split('\n')).toEqual([
        '/run/secrets/redis_url 1000 400',
        '/run/secrets/session_secrets 1000 400',
      ]);
      // Ready means it reached Redis with the URL from its file: there is no other.
      expect(await everyTaskReady(app)).toBe(true);
    },
  );

  it.each(APPS.map((app) => [app]))(
    '%s runs node as PID 1 and as its user, from an image without npm, yarn or development packages',
    async (app) => {
      const [container] = await containersOf(app);
      // Each line: what the container has, whatever the answer (a missing file is a line too).
      const report = await docker([
        'exec',
        container,
        'bash',
        '-c',
        'echo "pid 1: $(tr "\\0" " " </proc/1/cmdline)as uid $(stat -c %u /proc/1)"; ' +
          'for tool in npm npx yarn corepack; do echo "$tool: $(command -v $tool || echo none)"; done; ' +
          'for package in typescript webpack @fastify/reply-from @nestjs/cli @nestjs/core; do ' +
          'echo "$package: $(test -d node_modules/$package && echo installed || echo none)"; done',
      ]);
      expect(report.trim().split('\n')).toEqual([
        `pid 1: node dist/apps/${app}/start.js as uid 1000`,
        'npm: none',
        'npx: none',
        'yarn: none',
        'corepack: none',
        'typescript: none',
        'webpack: none',
        '@fastify/reply-from: none',
        '@nestjs/cli: none',
        '@nestjs/core: installed',
      ]);
    },
  );

  it.each(APPS.map((app) => [app]))(
    '%s starts from the code cache its image was built with, which its user cannot change',
    async (app) => {
      const [container] = await containersOf(app);
      // A second start in the task's container, as its user and with its environment, stopped at
      // the environment check by PORT=none, with start.js saying what it does with the cache.
      const report = await docker([
        'exec',
        '-e',
        'NODE_DEBUG=code_cache',
        '-e',
        'PORT=none',
        container,
        'bash',
        '-c',
        'cache="dist/apps/$APP/main.js.cache"; echo "cache: $(stat -c "%U %a" "$cache")"; ' +
          '{ echo tampered >>"$cache"; } 2>/dev/null || echo "not writable"; ' +
          'node "dist/apps/$APP/start.js" 2>&1 | grep -E "main\\.js\\.cache|PORT must"; true',
      ]);
      expect(report.trim().split('\n')).toEqual([
        'cache: root 644',
        'not writable',
        expect.stringMatching(new RegExp(`^CODE_CACHE \\d+: /app/dist/apps/${app}/main\\.js\\.cache accepted$`)),
        expect.stringContaining('PORT must be'),
      ]);
    },
  );

  it("rotates every service's log, and logs requests but not the health probes", async () => {
    for (const name of [...APPS, 'redis']) {
      for (const container of await containersOf(name)) {
        const logging = await docker(['inspect', '--format', '{{json .HostConfig.LogConfig}}', container]);
        expect({ name, logging: JSON.parse(logging) as unknown }).toEqual({
          name,
          logging: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
        });
      }
    }
    // By now each task has answered dozens of health probes (the engine's and the probe's).
    const marker = `/auth/me?log-check=${randomUUID()}`;
    await everyTask('auth', marker);
    const logs = (): Promise<string> => docker(['service', 'logs', '--raw', service('auth')]);
    /** The paths of the request lines (an app's other lines, its routes at start, have none). */
    const requestPaths = (text: string): string[] =>
      text.split('\n').flatMap((line) => {
        try {
          const { path } = JSON.parse(line) as { path?: unknown };
          return typeof path === 'string' ? [path] : [];
        } catch {
          return [];
        }
      });
    await waitFor('the request lines in the logs of auth', 30, async () =>
      requestPaths(await logs()).includes('/auth/me'),
    );
    const text = await logs();
    expect(requestPaths(text).filter((path) => path.includes('/health/'))).toEqual([]);
    // The query string stays out of the log: it may carry what a log must not.
    expect(text).not.toContain('log-check');
  });

  it('serves every file of the web client from every web task, as in the repository', async () => {
    const folder = join(repositoryRoot(), 'apps', 'web', 'src', 'public');
    for (const file of readdirSync(folder)) {
      const responses = await everyTask('web', `/web/${file === 'index.html' ? '' : file}`);
      const expected = createHash('sha256')
        .update(readFileSync(join(folder, file)))
        .digest('hex');
      expect({ file, answers: responses.map(({ status, sha256 }) => ({ status, same: sha256 === expected })) }).toEqual(
        {
          file,
          answers: responses.map(() => ({ status: 200, same: true })),
        },
      );
    }
  });

  it('honours a session made on one auth task on every task of every app', async () => {
    const { cookie, email } = await signIn();
    const [cart] = (await addresses()).cart;
    const [catalog] = await probe<ProbeResponse[]>({ op: 'requests', requests: [{ url: url(cart, '/cart/catalog') }] });
    const [{ sku }] = JSON.parse(catalog.body) as { sku: string }[];
    const [added] = await probe<ProbeResponse[]>({
      op: 'requests',
      requests: [{ method: 'POST', url: url(cart, '/cart/items'), body: { sku, quantity: 2 }, cookie }],
    });
    expect(added.status).toBe(200);

    // What each app answers with the session, and without it (so that the check can fail).
    const expectations: Record<string, { path: string; signedIn: (body: string) => boolean; anonymous: number }> = {
      auth: { path: '/auth/me', signedIn: (body) => body.includes(email), anonymous: 401 },
      profile: { path: '/profile', signedIn: () => true, anonymous: 401 },
      // A cart serves anonymous clients too: the signed-in user's cart has the item added above.
      cart: { path: '/cart', signedIn: (body) => body.includes(`"sku":"${sku}","name"`), anonymous: 200 },
    };
    for (const [app, expected] of Object.entries(expectations)) {
      const replicas = Number(
        await docker(['service', 'inspect', '--format', '{{.Spec.Mode.Replicated.Replicas}}', service(app)]),
      );
      const signedIn = await everyTask(app, expected.path, cookie);
      expect({ app, tasks: signedIn.length, servedBy: new Set(signedIn.map(({ servedBy }) => servedBy)).size }).toEqual(
        { app, tasks: replicas, servedBy: replicas },
      );
      expect({ app, answers: signedIn.map(({ status, body }) => [status, expected.signedIn(body)]) }).toEqual({
        app,
        answers: signedIn.map(() => [200, true]),
      });
      const anonymous = await everyTask(app, expected.path);
      const refused = ({ status, body }: ProbeResponse): boolean =>
        status === expected.anonymous && !(status === 200 && expected.signedIn(body));
      expect({ app, refused: anonymous.map(refused) }).toEqual({ app, refused: anonymous.map(() => true) });
    }
  });

  it('rolls auth out to a new image under steady load without failing a request', async () => {
    const { cookie } = await signIn();
    await docker(['tag', `${REGISTRY}/auth:current`, `${REGISTRY}/auth:next`]);
    const load = startProbe<LoadResult>({ op: 'load', app: 'auth', path: '/auth/me', cookie, concurrency: 4 });
    try {
      await sleep(3000);
      phase('rolling update of auth');
      await docker(['service', 'update', '--detach', '--image', `${REGISTRY}/auth:next`, service('auth')]);
      await waitFor('the update of auth', 300, async () => {
        const state = await updateState('auth');
        if (state.startsWith('rollback') || state === 'paused') throw new Error(`auth update: ${state}`);
        return state === 'completed';
      });
      // The last old task drains (SHUTDOWN_DRAIN_SECONDS) after the update is complete.
      await sleep(15_000);
    } finally {
      load.stop();
    }
    const result = await load.result;
    phase(`load during the update: ${result.requests} requests, retried: ${JSON.stringify(result.retried)}`);
    expect(result.failures).toEqual([]);
    // The drain: no stopping task refused, reset or closed a connection the probe had chosen it
    // for (a retry would have hidden that, as Traefik's does). Only a slow answer on a busy
    // machine (the probe's 5 s timeout) may have been retried.
    const { TimeoutError: _slow, ...connectionErrors } = result.retried;
    expect(connectionErrors).toEqual({});
    expect(result.requests).toBeGreaterThan(100);
    const images = await docker([
      'service',
      'ps',
      '--filter',
      'desired-state=running',
      '--format',
      '{{.Image}}',
      service('auth'),
    ]);
    expect(new Set(images.trim().split('\n'))).toEqual(new Set([`${REGISTRY}/auth:next`]));
  });

  it("keeps Redis's data when its task is killed: the append-only file is on its volume", async () => {
    const { cookie, email } = await signIn();
    // appendfsync everysec: a write is on disk within a second.
    await sleep(2000);
    const [before] = await containersOf('redis');
    phase('killing the Redis task');
    await docker(['kill', '--signal', 'KILL', before]);
    await waitFor('a new Redis task, healthy', 120, async () => {
      const [after] = await containersOf('redis');
      if (!after || after === before) return false;
      return (await docker(['inspect', '--format', '{{.State.Health.Status}}', after])).trim() === 'healthy';
    });
    await waitFor('every auth task ready again', 60, () => everyTaskReady('auth'));
    const signedIn = await everyTask('auth', '/auth/me', cookie);
    expect(signedIn.map((response) => response.status)).toEqual(signedIn.map(() => 200));
    expect(signedIn[0].body).toContain(email);
  });

  // The new tasks fail their start gate for the start period and 3 probes (2.5 min here).
  it('stops waiting, with exit status 2, for a task that no node has room for', async () => {
    // A stack of its own: one service reserving more memory than any machine has; no task starts.
    const file = join(folder, 'too-big.yml');
    writeFileSync(
      file,
      stringify({
        version: COMPOSE_VERSION,
        services: {
          big: {
            image: base.debian,
            command: ['sleep', 'infinity'],
            deploy: { endpoint_mode: 'dnsrr', resources: { reservations: { memory: '100000G' } } },
          },
        },
      }),
    );
    const started = Date.now();
    const result = await run('docker/deploy.sh', ['-c', file, '--resolve-image', 'never'], {
      env: { STACK_NAME: BIG_STACK, STUCK_SECONDS: '10' },
      timeoutMs: 120_000,
    });
    await removeStack(BIG_STACK);
    expect({ code: result.code, seconds: (Date.now() - started) / 1000 < 60 }).toEqual({ code: 2, seconds: true });
    expect(result.stderr).toContain(`${BIG_STACK}_big has a task Swarm cannot place`);
    expect(result.stderr).toMatch(/insufficient resources/);
  });

  // The new tasks fail their start gate for the start period and 3 probes, then Swarm rolls back.
  it('rolls back a release whose Redis URL is wrong, and docker/deploy.sh says so with a non-zero exit', async () => {
    const { cookie } = await signIn();
    await createSecret('redis_url_v2', `redis://:${redisPassword}@no-such-redis:6379`);
    phase('deploying the bad release');
    const result = await deploy({ REDIS_URL_VERSION: '2' });
    phase(`bad release: docker/deploy.sh exited ${result.code}`);
    expect(result.code).toBe(1);
    for (const app of APPS) {
      expect(result.stderr).toMatch(new RegExp(`${service(app)}: rollback_completed`));
      const secretNames = await docker([
        'service',
        'inspect',
        '--format',
        '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}',
        service(app),
      ]);
      expect(secretNames.split(' ')).toContain('redis_url_v1');
      expect(await everyTaskReady(app)).toBe(true);
    }
    const signedIn = await everyTask('auth', '/auth/me', cookie);
    expect(signedIn.map((response) => response.status)).toEqual(signedIn.map(() => 200));
  }, 600_000);
});
