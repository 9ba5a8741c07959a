import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePorts,
  hasExited,
  pollUntil,
  readyTimeoutFor,
  repositoryRoot,
  ROUTE_TABLE,
  throwawaySessionSecret,
} from '@app/stack';

/** The pids of the processes whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => statOf(candidate)?.ppid === pid);
}

/** State and parent of process `pid` (after the command's name, which may hold spaces), if it exists. */
function statOf(pid: number): { state: string; ppid: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Whether `pid` still runs: a zombie waiting for init to reap it has ended. */
const runs = (pid: number): boolean => ![undefined, 'Z', 'X'].includes(statOf(pid)?.state);

/** Whether a server could listen on `port` of 127.0.0.1, as the next `npm start` would. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

// `npm start` (dist/apps/dev-stack/main.js) as it runs, in a folder of its own: its private
// redis-server keeps its data and lock in the repository's .data/, which must not be this one's.
describe('npm start killed with SIGKILL (real launcher, redis-server and replicas)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dev-stack-'));
  let launcher: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    const root = repositoryRoot();
    cpSync(join(root, 'nest-cli.json'), join(folder, 'nest-cli.json'));
    // Copied, not linked: the launcher finds its repository root upwards from its own file.
    cpSync(join(root, 'dist'), join(folder, 'dist'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
  });

  afterAll(() => {
    // Its own process group: whatever it left running goes with it, also when a test failed.
    if (launcher?.pid) {
      try {
        process.kill(-launcher.pid, 'SIGKILL');
      } catch {
        // Nothing of the group runs any more.
      }
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('leaves no redis-server, replica or other child running, and frees every port, within seconds', async () => {
    const [gatewayPort, redisPort] = await freePorts(2);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('REDIS_')));
    launcher = spawn(process.execPath, [join(folder, 'dist', 'apps', 'dev-stack', 'main.js')], {
      cwd: folder,
      env: {
        ...env,
        REPLICAS: '1',
        GATEWAY_PORT: String(gatewayPort),
        REDIS_PORT: String(redisPort),
        SESSION_SECRETS: throwawaySessionSecret(),
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = launcher;
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk));
    const started = await pollUntil(async () => output.includes('Stack ready'), {
      timeoutMs: readyTimeoutFor(ROUTE_TABLE.length + 1),
      intervalMs: 100,
      abandon: () => hasExited(child),
    });
    if (started !== 'ready') throw new Error(`npm start did not start (${started}):\n${output}`);
    const replicaPorts = [...output.matchAll(/-\d+ :(\d+)/g)].map(([, port]) => Number(port));
    expect(replicaPorts).toHaveLength(ROUTE_TABLE.length);
    const children = childrenOf(child.pid!);
    // Redis and one replica of every app, at least.
    expect(children.length).toBeGreaterThanOrEqual(ROUTE_TABLE.length + 1);

    child.kill('SIGKILL');
    const ports = [gatewayPort, redisPort, ...replicaPorts];
    const left = async (): Promise<{ pids: number[]; ports: number[] }> => ({
      pids: children.filter(runs),
      ports: (await Promise.all(ports.map(async (port) => ((await isFree(port)) ? [] : [port])))).flat(),
    });
    await pollUntil(async () => JSON.stringify(await left()) === JSON.stringify({ pids: [], ports: [] }), {
      timeoutMs: 8_000,
      intervalMs: 200,
      abandon: () => false,
    });
    expect(await left()).toEqual({ pids: [], ports: [] });
  });
});
