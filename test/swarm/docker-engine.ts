import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { docker, run } from './docker-cli';

/** A Docker engine in swarm mode for the test, and how to put the machine back as it was. */
export interface SwarmEngine {
  /** Leaves the swarm and stops the daemon, each only if this test started it. */
  stop(): Promise<void>;
}

// The engine as these machines can run it: no iptables, no default bridge, vfs storage (no
// overlayfs inside the machine's own container).
const DOCKERD_ARGS = ['--iptables=false', '--bridge=none', '--storage-driver=vfs'];

// The host bridge `docker swarm init` creates for the containers of overlay networks.
const GATEWAY_BRIDGE = 'docker_gwbridge';
// The node label of a swarm the test made: `swarm`, or `swarm-and-bridge` if it made the bridge too.
const MADE_BY_TEST = 'nest-replicated-sessions.swarm-test';

const nodeId = async (): Promise<string> => (await docker(['info', '--format', '{{.Swarm.NodeID}}'])).trim();

const engineAnswers = async (): Promise<boolean> =>
  (await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 }).catch(() => undefined))
    ?.code === 0;

/**
 * The client that ships with `dockerd` (/usr/bin/docker of the docker.io package): it builds with
 * the engine's BuildKit (DOCKER_BUILDKIT=1), which a newer client without the buildx plugin
 * cannot. Everything else runs the `docker` on PATH, as a user's deploy would.
 */
export function engineClient(): string {
  const dockerd = process.env.PATH?.split(delimiter)
    .map((folder) => join(folder, 'dockerd'))
    .find((file) => existsSync(file));
  const client = dockerd && join(dirname(realpathSync(dockerd)), '..', 'bin', 'docker');
  return client && existsSync(client) ? client : 'docker';
}

/**
 * Starts `dockerd` (unless an engine already answers, which is then used and left running) and
 * makes it a single-node swarm on 127.0.0.1 (unless it is one already, which is left as it is
 * unless the test made it). Rejects with a sentence saying what is missing when the engine
 * cannot start: the test must fail, not skip.
 */
export async function startSwarmEngine(): Promise<SwarmEngine> {
  let daemon: ChildProcess | undefined;
  let logFile: string | undefined;
  if (!(await engineAnswers())) {
    const folder = mkdtempSync(join(tmpdir(), 'swarm-test-dockerd-'));
    logFile = join(folder, 'dockerd.log');
    const log = openSync(logFile, 'a');
    // A parent-death signal (setpriv, util-linux): if this process is killed before its cleanup,
    // the kernel stops the daemon too, and the next run starts its own instead of finding an orphan.
    daemon = spawn('setpriv', ['--pdeathsig', 'SIGTERM', 'dockerd', ...DOCKERD_ARGS], { stdio: ['ignore', log, log] });
    const failed = new Promise<string>((resolve) => {
      daemon!.once('error', (error) => resolve(error.message));
      daemon!.once('exit', (code, signal) => resolve(`dockerd exited (${signal ?? code}; its log below)`));
    });
    const deadline = Date.now() + 60_000;
    let problem: string | undefined;
    while (!(await engineAnswers())) {
      problem = await Promise.race([failed, sleep(1000).then(() => undefined)]);
      if (problem || Date.now() > deadline) break;
    }
    if (problem || !(await engineAnswers())) {
      daemon.kill('SIGKILL');
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n') : '';
      rmSync(folder, { recursive: true, force: true });
      throw new Error(
        `The Docker engine could not start (${problem ?? 'no answer within 60 s'}). npm run test:swarm needs ` +
          `root and the docker.io package (.ci/run installs it); it runs dockerd ${DOCKERD_ARGS.join(' ')}.\n${tail}`,
      );
    }
  }

  // Whether the test made the swarm (and the bridge with it) is a label on the node, so that a
  // run that was killed before leaving its swarm has the next run leave it.
  let made = '';
  if ((await docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).trim() === 'inactive') {
    const hadBridge = (await run('docker', ['network', 'inspect', GATEWAY_BRIDGE])).code === 0;
    await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1']);
    made = hadBridge ? 'swarm' : 'swarm-and-bridge';
    await docker(['node', 'update', '--label-add', `${MADE_BY_TEST}=${made}`, await nodeId()]);
  } else {
    made = (
      await docker(['node', 'inspect', '--format', `{{index .Spec.Labels "${MADE_BY_TEST}"}}`, await nodeId()])
    ).trim();
  }

  return {
    async stop() {
      if (made) await run('docker', ['swarm', 'leave', '--force']);
      // Leaving the swarm keeps the bridge it made (and its network interface) on the host; the
      // bridge stays in use for a few seconds after the swarm's last containers are gone.
      for (let attempt = 1; made === 'swarm-and-bridge' && attempt <= 30; attempt++) {
        const removed = await run('docker', ['network', 'rm', GATEWAY_BRIDGE]);
        if (removed.code === 0 || removed.stderr.includes('not found')) break;
        await sleep(1000);
      }
      if (!daemon || daemon.exitCode !== null) return;
      const exited = once(daemon, 'exit');
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      if (logFile) rmSync(dirname(logFile), { recursive: true, force: true });
    },
  };
}
