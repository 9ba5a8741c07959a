import type { LogLevel } from '@nestjs/common';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** What `npm start` reads from its environment. */
export interface LauncherEnvironment {
  replicas: number;
  gatewayPort: number;
  /** A Redis to use instead of a private `redis-server`. */
  redisUrl?: string;
  /** Port of the private `redis-server`; a free one when unset. */
  redisPort?: number;
  sessionSecrets?: string;
  /** Passed to the apps as `LOG_LEVEL`; the stack's default when unset. */
  logLevel?: LogLevel;
  /** How long the replicas may take to become ready; the stack's default (scaled to the cores) when unset. */
  readyTimeoutMs?: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads `REPLICAS`, `GATEWAY_PORT`, `REDIS_URL`, `REDIS_PORT`, `SESSION_SECRETS`, `LOG_LEVEL`
 * and `READY_TIMEOUT_SECONDS`; throws naming the first variable it cannot use.
 */
export function readLauncherEnvironment(env: NodeJS.ProcessEnv): LauncherEnvironment {
  const logLevel = env.LOG_LEVEL || undefined;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    replicas: integer(env, 'REPLICAS', 1, 16) ?? 2,
    gatewayPort: integer(env, 'GATEWAY_PORT', 0, 65535) ?? 8080,
    redisUrl: env.REDIS_URL || undefined,
    redisPort: integer(env, 'REDIS_PORT', 1, 65535),
    sessionSecrets: env.SESSION_SECRETS || undefined,
    logLevel: logLevel as LogLevel | undefined,
    readyTimeoutMs: (integer(env, 'READY_TIMEOUT_SECONDS', 1, 3600) ?? 0) * 1000 || undefined,
  };
}
