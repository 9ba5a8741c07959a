import { DEVELOPMENT_SECRET_FILE, developmentSessionSecret, loadEnvFile } from '@app/platform';
import { appEntryFile, repositoryRoot, ROUTE_TABLE, Stack, startStack, throwawaySessionSecret } from '@app/stack';
import { join } from 'node:path';
import { BuildReloader } from './build-reloader';
import { startWatchBuild, WatchBuild } from './watch-build';
import { CrashRestarter } from './crash-restarter';
import { readLauncherEnvironment } from './launcher-environment';
import { readyBanner } from './ready-banner';
import { StackRedis, startStackRedis } from './stack-redis';

const log = (message: string): void => {
  process.stdout.write(`[dev-stack] ${message}\n`);
};

/**
 * `npm start`: `.env` read (outside production), Redis (REDIS_URL, or private processes of REDIS_MODE), every app as REPLICAS replicas and
 * the gateway on 127.0.0.1:GATEWAY_PORT, until SIGINT or SIGTERM stops all of it. With `--watch`
 * (`npm run start:watch`), the apps are rebuilt on change and their replicas restarted.
 */
async function main(): Promise<void> {
  const envFile = loadEnvFile(process.env);
  if (envFile) log(`read ${envFile}`);
  const environment = readLauncherEnvironment(process.env);
  if (process.env.NODE_ENV === 'production') {
    log(
      'NODE_ENV=production is not passed on: this stack runs the apps for development (docs/deploy.md runs them for production)',
    );
  }
  const watchMode = process.argv.includes('--watch');
  const restarter = new CrashRestarter(log);
  const reloader = new BuildReloader(log);
  let build: WatchBuild | undefined;
  let redis: StackRedis | undefined;
  let stack: Stack | undefined;
  let stopping = false;

  // Processes still starting when a signal comes are killed by @app/stack as this process exits.
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: stopping the gateway, the replicas${redis?.private ? ' and Redis' : ''}`);
    restarter.close();
    reloader.close();
    await build?.stop();
    await stack?.stop();
    await redis?.stop();
    log('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  try {
    redis = await startStackRedis(environment);
    let sessionSecrets =
      environment.sessionSecrets ?? developmentSessionSecret(join(repositoryRoot(), DEVELOPMENT_SECRET_FILE));
    if (!environment.sessionSecrets && sessionSecrets) {
      log(`SESSION_SECRETS is unset: signing with the development secret in ${DEVELOPMENT_SECRET_FILE}`);
    } else if (!sessionSecrets) {
      sessionSecrets = throwawaySessionSecret();
      log(
        `WARNING: SESSION_SECRETS is unset and ${DEVELOPMENT_SECRET_FILE} cannot be written: every session ends when the stack stops`,
      );
    }
    log(`starting ${environment.replicas} replica(s) of ${ROUTE_TABLE.map(({ app }) => app).join(', ')}`);
    stack = await startStack({
      redisEnv: redis.env,
      replicas: environment.replicas,
      gatewayPort: environment.gatewayPort,
      sessionSecrets,
      logLevel: environment.logLevel,
      readyTimeoutMs: environment.readyTimeoutMs,
      forwardOutput: true,
      onReplicaExit: (replica, code, signal) => restarter.crashed(replica, code, signal),
    });
  } catch (error) {
    if (stopping) return;
    await redis?.stop();
    throw error;
  }
  if (stopping) return;
  process.stdout.write(readyBanner(stack, ROUTE_TABLE, redis.label));
  if (watchMode) {
    const apps = ROUTE_TABLE.map(({ app }) => app);
    for (const app of apps) {
      const replicas = stack.replicas.filter((replica) => replica.app === app);
      reloader.watch(app, join(repositoryRoot(), appEntryFile(app)), replicas);
    }
    build = startWatchBuild(apps, log);
    log('watching: a change rebuilds its apps, whose replicas restart one after another; the gateway stays');
  }
}

main().catch((error: Error) => {
  process.stderr.write(`[dev-stack] ${error.message}\n`);
  process.exit(1);
});
