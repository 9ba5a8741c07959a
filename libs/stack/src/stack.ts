import type { LogLevel } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from './free-port';
import { createGateway, Gateway } from './gateway';
import { readyTimeoutFor } from './ready-timeout';
import { Replica, ReplicaProcess } from './replica.process';
import { repositoryRoot } from './repository-root';
import { appEntryFile, AppRoute, HOME_PATH, ROUTE_TABLE } from './route-table';
import { throwawaySessionSecret } from './session-secret';

/** @publicApi */
export interface StackOptions {
  /** The Redis every replica shares. */
  redisUrl?: string;
  /**
   * Instead of `redisUrl`: the variables that point every replica at Redis (see
   * `RedisDeployment.env`); Redis variables inherited from this process are dropped.
   */
  redisEnv?: Record<string, string>;
  /** Replicas per app. Default: 2. */
  replicas?: number;
  /** More variables for every replica, e.g. short session timeouts. */
  env?: Record<string, string>;
  /** `SESSION_SECRETS` of every replica. Default: a random throwaway secret. */
  sessionSecrets?: string;
  /** Default: a free port. */
  gatewayPort?: number;
  /** Default: {@link ROUTE_TABLE}. */
  apps?: readonly AppRoute[];
  /** `LOG_LEVEL` of every replica. Default: `warn`. */
  logLevel?: LogLevel;
  /** Prints the replicas' output behind `[app-name]` prefixes (and the gateway's retries). Default: false. */
  forwardOutput?: boolean;
  /**
   * Sends the replicas' stdout (their log lines) to /dev/null instead of reading it here, as a
   * container's log driver takes it off their hands: for benchmarks that keep request logging on
   * without charging this process for reading it. Their stderr is still read. Default: false.
   */
  discardLogs?: boolean;
  /**
   * How long the replicas started together may take to become ready (each restart alone gets
   * the same bound). Default: {@link readyTimeoutFor} their number: 30 s a process per core.
   */
  readyTimeoutMs?: number;
  /** Called when a ready replica exits without having been stopped: it crashed or was killed. */
  onReplicaExit?: (replica: Replica, code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * Every app of the route table running as replicas behind the development gateway.
 *
 * @publicApi
 */
export interface Stack {
  /** `http://127.0.0.1:<port>`: send requests here, as to Traefik in production. */
  readonly gatewayUrl: string;
  /** Every replica, grouped by app in route-table order, then by name. */
  readonly replicas: Replica[];
  /** The `SESSION_SECRETS` every replica signs with. */
  readonly sessionSecrets: string;
  /** Stops the gateway and every replica (SIGTERM, SIGKILL after 8 s). Safe to call again. */
  stop(): Promise<void>;
}

/** The environment without `REDIS_*` and `REDIS_*_FILE`: one Redis mode at a time reaches the replicas. */
function withoutRedisVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('REDIS_')));
}

/**
 * Starts `replicas` processes of every app's build (`npm run build` first), each on its own
 * free loopback port, waits until each answers 200 on its readiness path, then starts the
 * gateway in front of them. When any part fails to start, whatever did start is stopped
 * before the promise rejects.
 *
 * @publicApi
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const root = repositoryRoot();
  const apps = options.apps ?? ROUTE_TABLE;
  const count = options.replicas ?? 2;
  if (!Number.isInteger(count) || count < 1) throw new Error(`replicas must be a positive integer, got ${count}`);
  const missing = apps.map(({ app }) => appEntryFile(app)).filter((file) => !existsSync(join(root, file)));
  if (missing.length) throw new Error(`Missing build output ${missing.join(', ')}: run npm run build first`);

  const sessionSecrets = options.sessionSecrets ?? throwawaySessionSecret();
  const env: NodeJS.ProcessEnv = {
    ...withoutRedisVariables(process.env),
    NODE_ENV: 'development',
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.env,
    HOST: '127.0.0.1',
    ...(options.redisEnv ?? { REDIS_URL: options.redisUrl }),
    SESSION_SECRETS: sessionSecrets,
  };
  const ports = await freePorts(apps.length * count);
  const readyTimeoutMs = options.readyTimeoutMs ?? readyTimeoutFor(apps.length * count);
  const replicas = apps.flatMap((route, a) =>
    Array.from({ length: count }, (_, r) => {
      const name = String(r + 1);
      return new ReplicaProcess({
        route,
        name,
        port: ports[a * count + r],
        entryFile: join(root, appEntryFile(route.app)),
        cwd: root,
        env: { ...env, REPLICA_NAME: name },
        readyTimeoutMs,
        forwardOutput: options.forwardOutput ?? false,
        discardStdout: options.discardLogs ?? false,
        onUnexpectedExit: options.onReplicaExit ?? (() => undefined),
      });
    }),
  );

  let gateway: Gateway | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await gateway?.close();
      await Promise.all(replicas.map((replica) => replica.close()));
    })();
    return stopping;
  };

  try {
    const started = await Promise.allSettled(replicas.map((replica) => replica.start()));
    const failures = started.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as Error).message] : [],
    );
    if (failures.length) throw new Error(`The stack did not start:\n${failures.join('\n\n')}`);
    gateway = await createGateway({
      port: options.gatewayPort,
      upstreams: Object.fromEntries(
        apps.map((route) => [
          route.prefix,
          replicas.filter((replica) => replica.app === route.app).map((replica) => replica.url),
        ]),
      ),
      log: options.forwardOutput ? (message) => process.stderr.write(`[gateway] ${message}\n`) : undefined,
      bodyLimit: env.BODY_LIMIT_BYTES ? Number(env.BODY_LIMIT_BYTES) : undefined,
      // The apps' own, so a slow client meets the same bound at the gateway and behind it.
      clientTimeouts: {
        headersSeconds: env.HEADERS_TIMEOUT_SECONDS ? Number(env.HEADERS_TIMEOUT_SECONDS) : undefined,
        requestSeconds: env.REQUEST_TIMEOUT_SECONDS ? Number(env.REQUEST_TIMEOUT_SECONDS) : undefined,
      },
      homePath: apps.some((route) => HOME_PATH.startsWith(`${route.prefix}/`)) ? HOME_PATH : undefined,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: gateway.url, replicas, sessionSecrets, stop };
}
