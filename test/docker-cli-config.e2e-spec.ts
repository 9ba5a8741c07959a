import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateEnvironment } from '@app/platform';
import { repositoryRoot, ROUTE_TABLE } from '@app/stack';

// The Docker client, without an engine: `docker stack config` loads a Compose file, checks it
// against the Compose schema the client carries, merges and interpolates it, all locally. The
// Compose plugin (`docker compose config`) is not installed on these machines, so the same
// command checks docker/compose.yml: its schema is the subset of Compose that Swarm takes, and
// the file keeps to it (`depends_on` as a list, no top-level `name`).
const DEPLOY_VARIABLES = {
  REGISTRY: 'registry.example.com/shop',
  TAG: '1.2.3',
  DOMAIN: 'shop.example.com',
  ACME_EMAIL: 'ops@example.com',
};

interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker client with only PATH, HOME and `variables` in its environment. */
function docker(args: string[], variables: Record<string, string>): Promise<DockerResult> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...variables };
  return new Promise((resolve, reject) => {
    execFile('docker', args, { cwd: repositoryRoot(), env, timeout: 20_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(
          new Error(
            'The docker client is not on PATH. These tests run it without an engine (docker stack config); install the client, e.g. the docker-ce-cli package',
          ),
        );
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
    });
  });
}

// Every app of the route table, plus the infrastructure: an app added by `npm run new:app`
// must appear in both files.
const SERVICES = [...ROUTE_TABLE.map((route) => route.app), 'redis', 'traefik'].sort();

/** Warnings and errors the client printed, one a line. */
const complaints = (stderr: string): string[] => stderr.split('\n').filter((line) => line.trim() !== '');

describe('docker stack config (the docker client, no engine)', () => {
  it('accepts docker/stack.yml without a warning', async () => {
    const result = await docker(['stack', 'config', '-c', 'docker/stack.yml'], DEPLOY_VARIABLES);
    expect({ code: result.code, complaints: complaints(result.stderr) }).toEqual({ code: 0, complaints: [] });
    const services = parse(result.stdout).services;
    // Swarm's Traefik reads the Docker API through a socket proxy.
    expect(Object.keys(services).sort()).toEqual([...SERVICES, 'socket-proxy'].sort());
    expect(services.auth.image).toBe('registry.example.com/shop/auth:1.2.3');
    expect(services.auth.deploy.replicas).toBe(3);
  });

  it('takes the replicas of an app from its <APP>_REPLICAS variable', async () => {
    const result = await docker(['stack', 'config', '-c', 'docker/stack.yml'], {
      ...DEPLOY_VARIABLES,
      PROFILE_REPLICAS: '6',
    });
    expect(result.code).toBe(0);
    expect(parse(result.stdout).services.profile.deploy.replicas).toBe(6);
  });

  it('refuses docker/stack.yml without the variables a deployment needs, naming them', async () => {
    const result = await docker(['stack', 'config', '-c', 'docker/stack.yml'], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/required variable (REGISTRY|TAG|DOMAIN|ACME_EMAIL) is missing a value/);
  });

  it('deploys Redis with Sentinel from docker/stack.sentinel.yml over it, the apps configured for it', async () => {
    const result = await docker(
      ['stack', 'config', '-c', 'docker/stack.yml', '-c', join('docker', 'stack.sentinel.yml')],
      DEPLOY_VARIABLES,
    );
    expect({ code: result.code, complaints: complaints(result.stderr) }).toEqual({ code: 0, complaints: [] });
    const { services } = parse(result.stdout) as {
      services: Record<
        string,
        { command?: string[]; environment?: Record<string, string>; secrets?: { target: string }[] }
      >;
    };
    const sentinels = ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'];
    for (const name of sentinels) {
      // Swarm gives a restarted task a new address: the set knows its members by service name.
      const script = services[name].command!.join(' ');
      for (const line of [
        'sentinel resolve-hostnames yes',
        'sentinel announce-hostnames yes',
        'sentinel monitor main redis 6379 2',
      ]) {
        expect({ name, line, found: script.includes(line) }).toEqual({ name, line, found: true });
      }
      expect(services[name].environment?.SENTINEL_HOSTNAME).toBe(name);
    }
    for (const name of ['redis-replica-1', 'redis-replica-2']) {
      expect(services[name].command!.join(' ')).toContain('--replicaof redis 6379');
      expect(services[name].environment?.REPLICA_HOSTNAME).toBe(name);
    }
    // Each app's environment, with its secret files as the tasks would have them, passes the
    // apps' own checks in Sentinel mode.
    const folder = mkdtempSync(join(tmpdir(), 'sentinel-secrets-'));
    try {
      for (const { app } of ROUTE_TABLE) {
        // Swarm fills in its templates when it starts a task.
        const environment = Object.fromEntries(
          Object.entries(services[app].environment!).map(([name, value]) => [
            name,
            value.replace('{{.Task.Slot}}', '1'),
          ]),
        );
        const mounted = new Set(services[app].secrets!.map(({ target }) => `/run/secrets/${target}`));
        for (const [name, path] of Object.entries(environment)) {
          if (!name.endsWith('_FILE') || path === '/dev/null') continue;
          expect({ app, name, mounted: mounted.has(path) }).toEqual({ app, name, mounted: true });
          environment[name] = join(folder, name);
          writeFileSync(environment[name], name === 'SESSION_SECRETS_FILE' ? 'x'.repeat(48) : 'a-redis-password');
        }
        const validated = validateEnvironment(environment);
        expect({ app, sentinels: validated.REDIS_SENTINELS, url: validated.REDIS_URL || undefined }).toEqual({
          app,
          sentinels: sentinels.map((name) => `${name}:26379`),
          url: undefined,
        });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('accepts docker/compose.yml', async () => {
    const result = await docker(['stack', 'config', '-c', join('docker', 'compose.yml')], {});
    // Swarm would publish on every address; Compose honours the loopback address. Nothing else.
    const unexpected = complaints(result.stderr).filter((line) => !line.includes('ignoring IP-address (127.0.0.1:'));
    expect({ code: result.code, complaints: unexpected }).toEqual({ code: 0, complaints: [] });
    expect(Object.keys(parse(result.stdout).services).sort()).toEqual(SERVICES);
  });
});
