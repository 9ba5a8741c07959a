import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { DEFAULT_CLIENT_TIMEOUTS } from '../security/client-timeouts';
import { DEVELOPMENT_SECRET_FILE, developmentSessionSecret } from './development-secret';
import { readSecretFiles } from './read-secret-files';
import { redisConfigurationProblems } from './redis-connection';

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

/**
 * Every variable an app reads, with its rule and default. Secrets may come as `NAME_FILE`.
 *
 * @publicApi
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * A single Redis; `redis://127.0.0.1:6379` when no Redis variable is set. No default here:
   * ConfigModule copies defaults into `process.env`, where it would look set by the user.
   */
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must look like redis://host:port' })
  @IsOptional()
  REDIS_URL?: string;

  /** Redis with Sentinel instead of `REDIS_URL`: the sentinels, `host:port,host:port,...`. */
  @Transform(toList)
  @IsString({ each: true })
  @IsOptional()
  REDIS_SENTINELS?: string[];

  /** The master's name in the sentinels' configuration. */
  @Matches(/^[\w.-]{1,128}$/, { message: 'REDIS_SENTINEL_NAME must be 1-128 letters, digits, ".", "_" or "-"' })
  @IsOptional()
  REDIS_SENTINEL_NAME?: string;

  /** The sentinels' own password. */
  @IsString()
  @IsOptional()
  REDIS_SENTINEL_PASSWORD?: string;

  /** TLS to the sentinels. */
  @IsIn(['true', 'false'])
  @IsOptional()
  REDIS_SENTINEL_TLS?: 'true' | 'false';

  /** Redis Cluster instead of `REDIS_URL`: seed nodes, `host:port,host:port,...`. */
  @Transform(toList)
  @IsString({ each: true })
  @IsOptional()
  REDIS_CLUSTER_NODES?: string[];

  /** ACL user and password of the Redis nodes behind `REDIS_SENTINELS` or `REDIS_CLUSTER_NODES`. */
  @IsString()
  @IsOptional()
  REDIS_USERNAME?: string;

  @IsString()
  @IsOptional()
  REDIS_PASSWORD?: string;

  /** TLS to the Redis nodes behind `REDIS_SENTINELS` or `REDIS_CLUSTER_NODES`. */
  @IsIn(['true', 'false'])
  @IsOptional()
  REDIS_TLS?: 'true' | 'false';

  /** Comma-separated; the first signs, all verify. */
  @Transform(toList)
  @IsString({ each: true })
  @Matches(/^.{32,}$/, { each: true, message: 'SESSION_SECRETS: each secret must be at least 32 characters' })
  @IsOptional()
  SESSION_SECRETS?: string[];

  /** Names this replica in `X-Served-By`; defaults to the host name. */
  @Matches(/^[\w.-]{1,64}$/, { message: 'REPLICA_NAME must be 1-64 letters, digits, ".", "_" or "-"' })
  REPLICA_NAME = hostname();

  /**
   * Addresses whose `X-Forwarded-*` headers are trusted (proxy-addr names, CIDRs or IPs): only
   * the proxy's own. A wider range (`uniquelocal`) would let any client inside it, through a
   * proxy that appends `X-Forwarded-For`, choose its own address.
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /**
   * Comma-separated origins (`https://app.example.com`) of front ends on another origin that
   * may call the API with the session cookie: CORS answers them, and the cross-site check lets
   * their writes through. Default: none (same origin only).
   */
  @Transform(toList)
  @Matches(/^https?:\/\/[^/\s]+$/, {
    each: true,
    message: 'CORS_ORIGINS: each origin must be scheme://host[:port], without a path or a trailing slash',
  })
  CORS_ORIGINS: string[] = [];

  @Min(1024)
  @Max(10 * 1024 * 1024)
  @IsInt()
  BODY_LIMIT_BYTES = 16 * 1024;

  /** Longest a client may take to send a request's headers (slow clients get 408); at most REQUEST_TIMEOUT_SECONDS. */
  @Min(1)
  @Max(300)
  @IsInt()
  HEADERS_TIMEOUT_SECONDS = DEFAULT_CLIENT_TIMEOUTS.headersSeconds;

  /** Longest a client may take to send a whole request, body included (slow clients get 408). */
  @Min(1)
  @Max(300)
  @IsInt()
  REQUEST_TIMEOUT_SECONDS = DEFAULT_CLIENT_TIMEOUTS.requestSeconds;

  @IsString()
  @Matches(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/)
  SESSION_COOKIE_NAME = 'sid';

  @IsIn(['auto', 'true', 'false'])
  SESSION_COOKIE_SECURE: 'auto' | 'true' | 'false' = 'auto';

  @Min(1)
  @IsInt()
  SESSION_IDLE_TIMEOUT_SECONDS = 1800;

  @Min(1)
  @IsInt()
  SESSION_ABSOLUTE_TIMEOUT_SECONDS = 28800;

  @Min(1)
  @IsInt()
  SESSION_TOUCH_INTERVAL_SECONDS = 60;

  @Min(1)
  @IsInt()
  SESSION_ANONYMOUS_TIMEOUT_SECONDS = 7200;

  @Min(1)
  @IsInt()
  SESSION_ANONYMOUS_PER_HOUR = 200;

  @Min(1)
  @IsInt()
  SESSION_MAX_DATA_BYTES = 4096;

  /** Sessions each replica keeps in memory (the session near cache); 0 turns it off. */
  @Min(0)
  @Max(10_000_000)
  @IsInt()
  SESSION_NEAR_CACHE_MAX_ENTRIES = 0;

  /** auth: failed password checks allowed per email and client address within the window. */
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES = 5;

  /**
   * auth: failed password checks allowed per email from all addresses together within the
   * window (a guess spread over many addresses); at least LOGIN_MAX_FAILURES.
   */
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 50;

  /**
   * auth: failed password checks allowed per client address for every email together within the
   * window (unknown emails included, each costs a full scrypt); at least LOGIN_MAX_FAILURES.
   */
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES_PER_CLIENT = 50;

  @Min(1)
  @IsInt()
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** auth: registrations allowed per client address within the window. */
  @Min(1)
  @IsInt()
  REGISTER_MAX_PER_WINDOW = 20;

  @Min(1)
  @IsInt()
  REGISTER_WINDOW_SECONDS = 3600;

  /**
   * auth: scrypt's cost N as a power of two. 14 (16 MiB a hash with r=8) is an OWASP minimum;
   * lower values exist only so load tests can make hundreds of accounts quickly.
   */
  @Min(10)
  @Max(20)
  @IsInt()
  PASSWORD_SCRYPT_LOG2_COST = 14;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** `json`: one JSON object a line; `pretty`: readable lines. Default: `pretty` with NODE_ENV=development, else `json`. */
  @IsIn(['json', 'pretty'])
  @IsOptional()
  LOG_FORMAT?: 'json' | 'pretty';

  /** After SIGTERM, how long the app keeps serving while its readiness check fails (the proxy's health check interval and more). */
  @Min(0)
  @Max(300)
  @IsInt()
  SHUTDOWN_DRAIN_SECONDS = 0;

  /** After the drain, how long closing may take before the process exits anyway (with code 1). */
  @Min(1)
  @Max(300)
  @IsInt()
  SHUTDOWN_TIMEOUT_SECONDS = 10;
}

/** Thrown at start when the environment is invalid; its message names every bad variable. */
export class EnvironmentError extends Error {}

const INTEGER_KEYS = new Set([
  'PORT',
  'LOGIN_MAX_FAILURES',
  'LOGIN_MAX_FAILURES_PER_ACCOUNT',
  'LOGIN_MAX_FAILURES_PER_CLIENT',
  'PASSWORD_SCRYPT_LOG2_COST',
  'LOGIN_FAILURE_WINDOW_SECONDS',
  'REGISTER_MAX_PER_WINDOW',
  'REGISTER_WINDOW_SECONDS',
  'BODY_LIMIT_BYTES',
  'HEADERS_TIMEOUT_SECONDS',
  'REQUEST_TIMEOUT_SECONDS',
  'SESSION_IDLE_TIMEOUT_SECONDS',
  'SESSION_ABSOLUTE_TIMEOUT_SECONDS',
  'SESSION_TOUCH_INTERVAL_SECONDS',
  'SESSION_ANONYMOUS_TIMEOUT_SECONDS',
  'SESSION_ANONYMOUS_PER_HOUR',
  'SESSION_MAX_DATA_BYTES',
  'SESSION_NEAR_CACHE_MAX_ENTRIES',
  'SHUTDOWN_DRAIN_SECONDS',
  'SHUTDOWN_TIMEOUT_SECONDS',
]);

let unsetSecret: string | undefined;

/**
 * Outside production, without `SESSION_SECRETS`: the development secret kept in `.data/`, or a
 * throwaway one when it cannot be kept. One per process, so every reader signs alike.
 */
function secretWhenUnset(): string {
  if (!unsetSecret) {
    const logger = new Logger('Config');
    unsetSecret = developmentSessionSecret();
    if (unsetSecret) {
      logger.log(`SESSION_SECRETS is unset: signing with the development secret in ${DEVELOPMENT_SECRET_FILE}`);
    } else {
      logger.warn(
        `SESSION_SECRETS is unset and ${DEVELOPMENT_SECRET_FILE} cannot be written: using a throwaway secret, sessions end on restart`,
      );
      unsetSecret = randomBytes(32).toString('base64url');
    }
  }
  return unsetSecret;
}

/**
 * Reads, converts and validates the environment (the `validate` function of `ConfigModule`).
 * Outside production a missing `SESSION_SECRETS` becomes the development secret of `.data/`.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  let env: Record<string, string | undefined>;
  try {
    env = readSecretFiles(raw as Record<string, string | undefined>, known);
  } catch (error) {
    throw new EnvironmentError(`Invalid environment:\n  - ${(error as Error).message}`);
  }
  const plain: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    plain[key] = INTEGER_KEYS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const environment = plainToInstance(Environment, plain);
  const problems = validateSync(environment, { stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  for (const key of ['LOGIN_MAX_FAILURES_PER_ACCOUNT', 'LOGIN_MAX_FAILURES_PER_CLIENT'] as const) {
    if (environment[key] < environment.LOGIN_MAX_FAILURES) problems.push(`${key}: must be at least LOGIN_MAX_FAILURES`);
  }
  if (environment.HEADERS_TIMEOUT_SECONDS > environment.REQUEST_TIMEOUT_SECONDS) {
    problems.push('HEADERS_TIMEOUT_SECONDS: must be at most REQUEST_TIMEOUT_SECONDS');
  }
  // Registration used to grant admin to these addresses, which nobody has to prove they own.
  if (env.ADMIN_EMAILS) {
    problems.push(
      'ADMIN_EMAILS: no longer read, registration never grants admin; grant it with the auth ' +
        "image's command `grant-role <email> admin` (docs/deploy.md)",
    );
  }
  problems.push(...redisConfigurationProblems(environment));
  if (!environment.SESSION_SECRETS?.length) {
    if (environment.NODE_ENV === 'production') {
      problems.push('SESSION_SECRETS: required in production (comma-separated, each at least 32 characters)');
    } else {
      environment.SESSION_SECRETS = [secretWhenUnset()];
    }
  }
  if (problems.length) {
    throw new EnvironmentError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  return environment;
}
