import { ROUTE_TABLE, Stack, startStack, throwawaySessionSecret } from '@app/stack';
import { CrashRestarter } from './crash-restarter';
import { readLauncherEnvironment } from './launcher-environment';
import { readyBanner } from './ready-banner';
import { StackRedis, startStackRedis } from './stack-redis';

const log = (message: string): void => {
  process.stdout.write(`[dev-stack] ${message}\n`);
};

/**
 * `npm start`: Redis (REDIS_URL, or a private redis-server), every app as REPLICAS replicas and
 * the gateway on 127.0.0.1:GATEWAY_PORT, until SIGINT or SIGTERM stops all of it.
 */
async function main(): Promise<void> {
  const environment = readLauncherEnvironment(process.env);
  const restarter = new CrashRestarter(log);
  let redis: StackRedis | undefined;
  let stack: Stack | undefined;
  let stopping = false;

  // Processes still starting when a signal comes are killed by @app/stack as this process exits.
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: stopping the gateway, the replicas${redis?.server ? ' and redis-server' : ''}`);
    restarter.close();
    await stack?.stop();
    await redis?.server?.stop();
    log('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  try {
    redis = await startStackRedis(environment);
    let sessionSecrets = environment.sessionSecrets;
    if (!sessionSecrets) {
      sessionSecrets = throwawaySessionSecret();
      log('WARNING: SESSION_SECRETS is unset: using a throwaway secret, so every session ends when the stack stops');
    }
    log(`starting ${environment.replicas} replica(s) of ${ROUTE_TABLE.map(({ app }) => app).join(', ')}`);
    stack = await startStack({
      redisUrl: redis.url,
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
    await redis?.server?.stop();
    throw error;
  }
  if (stopping) return;
  const redisLabel = redis.server
    ? `${redis.url} (private redis-server, data in .data/redis)`
    : `${redis.url} (REDIS_URL)`;
  process.stdout.write(readyBanner(stack, ROUTE_TABLE, redisLabel));
}

main().catch((error: Error) => {
  process.stderr.write(`[dev-stack] ${error.message}\n`);
  process.exit(1);
});
