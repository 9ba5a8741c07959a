import { ChildProcess } from 'node:child_process';
import { hasExited, spawnChild, stopChild } from './child-process';
import { OutputTail } from './output-tail';
import { pollUntil } from './poll-until';
import { AppRoute } from './route-table';

const STOP_TIMEOUT_MS = 8_000;
const PROBE_TIMEOUT_MS = 1_000;

/**
 * One running replica of an app of the stack.
 *
 * @publicApi
 */
export interface Replica {
  /** The app's name in the route table, e.g. `auth`. */
  readonly app: string;
  /** `REPLICA_NAME`: `1`, `2`, ...; the app answers with `X-Served-By: <app>-<name>`. */
  readonly name: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>`, for requests that bypass the gateway. */
  readonly url: string;
  /** The running process; a new one after {@link Replica.restart}. */
  readonly process: ChildProcess;
  /** Sends `signal` (default SIGTERM: graceful shutdown) and waits for the exit; SIGKILL after 8 s. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the replica if it runs, then starts it again on the same port and waits until it is ready. */
  restart(): Promise<void>;
}

/** How a replica process is started; the same for each of its starts. */
export interface ReplicaLaunch {
  route: AppRoute;
  name: string;
  port: number;
  /** Absolute path of the app's built entry file. */
  entryFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs: number;
  forwardOutput: boolean;
  /** Stdout (the log lines) to /dev/null: see {@link StackOptions.discardLogs}. */
  discardStdout: boolean;
  /** Called when a ready process exits without {@link Replica.stop} having been asked for. */
  onUnexpectedExit: (replica: Replica, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** A replica as the stack manages it: {@link Replica} plus the first start and the final stop. */
export class ReplicaProcess implements Replica {
  readonly app: string;
  readonly name: string;
  readonly port: number;
  readonly url: string;
  private child: ChildProcess;
  private readonly stopRequested = new WeakSet<ChildProcess>();
  private closed = false;

  constructor(private readonly launch: ReplicaLaunch) {
    this.app = launch.route.app;
    this.name = launch.name;
    this.port = launch.port;
    this.url = `http://127.0.0.1:${launch.port}`;
  }

  get process(): ChildProcess {
    return this.child;
  }

  private get label(): string {
    return `${this.app}-${this.name}`;
  }

  /** Spawns the process and resolves once the readiness path answers 200. */
  async start(): Promise<void> {
    // A restart racing with the stack's stop must not leave a process behind.
    if (this.closed) throw new Error(`${this.label} belongs to a stopped stack`);
    const { launch } = this;
    const child = spawnChild(process.execPath, [launch.entryFile], {
      cwd: launch.cwd,
      env: { ...launch.env, PORT: String(this.port) },
      discardStdout: launch.discardStdout,
    });
    this.child = child;
    const output = new OutputTail(child, { label: this.label, forward: launch.forwardOutput });
    let ready = false;
    // Before it is ready, an exit is this start's failure, reported by its rejection.
    child.once('exit', (code, signal) => {
      if (ready && !this.stopRequested.has(child)) launch.onUnexpectedExit(this, code, signal);
    });

    const readinessUrl = `${this.url}${launch.route.readinessPath}`;
    const result = await pollUntil(() => isOk(readinessUrl), {
      timeoutMs: launch.readyTimeoutMs,
      intervalMs: 100,
      abandon: () => hasExited(child),
    });
    if (result === 'ready') {
      ready = true;
      return;
    }
    this.stopRequested.add(child);
    await stopChild(child, 'SIGKILL', 0);
    const why =
      result === 'timeout'
        ? `did not answer 200 on GET ${readinessUrl} within ${launch.readyTimeoutMs / 1000} s`
        : `exited (${child.exitCode ?? child.signalCode}) before it was ready`;
    throw new Error(`${this.label} ${why}. Its last output:\n${output}`);
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child) return Promise.resolve();
    this.stopRequested.add(this.child);
    return stopChild(this.child, signal, STOP_TIMEOUT_MS);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the replica for good: later starts are refused. */
  close(): Promise<void> {
    this.closed = true;
    return this.stop();
  }
}

async function isOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  await response.body?.cancel();
  return response.status === 200;
}
