import type { LogLevel } from '@nestjs/common';
import { REDIS_MODES, RedisMode } from '@app/stack';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The gateway's port when `GATEWAY_PORT` is unset. */
export const DEFAULT_GATEWAY_PORT = 8080;

/** What `npm start` reads from its environment. */
export interface LauncherEnvironment {
  replicas: number;
  gatewayPort: number;
  /** Which private Redis processes to run: one server, a Sentinel set or a cluster. */
  redisMode: RedisMode;
  /** A Redis to use instead of a private `redis-server` (single mode only). */
  redisUrl?: string;
  /** Port of the private `redis-server`; a free one when unset. */
  redisPort?: number;
  sessionSecrets?: string;
  /** Passed to the apps as `LOG_LEVEL`; the stack's default when unset. */
  logLevel?: LogLevel;
  /** How long the replicas may take to become ready; the stack's default (scaled to the cores) when unset. */
  readyTimeoutMs?: number;
}

/** Reads the integer variable `name`, or notes in `problems` why it cannot. */
function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return undefined;
}

/**
 * Reads `REPLICAS`, `GATEWAY_PORT`, `REDIS_MODE`, `REDIS_URL`, `REDIS_PORT`, `SESSION_SECRETS`,
 * `LOG_LEVEL` and `READY_TIMEOUT_SECONDS`; throws naming every variable it cannot use.
 */
export function readLauncherEnvironment(env: NodeJS.ProcessEnv): LauncherEnvironment {
  const problems: string[] = [];
  const logLevel = env.LOG_LEVEL || undefined;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel as LogLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const redisMode = env.REDIS_MODE || 'single';
  if (!REDIS_MODES.includes(redisMode as RedisMode)) {
    problems.push(`REDIS_MODE must be one of ${REDIS_MODES.join(', ')}, got "${redisMode}"`);
  } else if (redisMode !== 'single' && (env.REDIS_URL || env.REDIS_PORT)) {
    problems.push(
      `REDIS_URL and REDIS_PORT apply to REDIS_MODE=single only: unset them to run REDIS_MODE=${redisMode}`,
    );
  }
  const environment: LauncherEnvironment = {
    replicas: integer(env, 'REPLICAS', 1, 16, problems) ?? 2,
    gatewayPort: integer(env, 'GATEWAY_PORT', 0, 65535, problems) ?? DEFAULT_GATEWAY_PORT,
    redisMode: redisMode as RedisMode,
    redisUrl: env.REDIS_URL || undefined,
    redisPort: integer(env, 'REDIS_PORT', 1, 65535, problems),
    sessionSecrets: env.SESSION_SECRETS || undefined,
    logLevel: logLevel as LogLevel | undefined,
    readyTimeoutMs: (integer(env, 'READY_TIMEOUT_SECONDS', 1, 3600, problems) ?? 0) * 1000 || undefined,
  };
  if (problems.length) throw new Error(problems.join('; '));
  return environment;
}
