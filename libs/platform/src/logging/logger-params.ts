import type { LogLevel } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { DestinationStream, Level, LoggerOptions, stdSerializers } from 'pino';
import { batchedStdout } from './batched-stdout';
import { cachedIsoTime } from './iso-time';

/** How an app logs: who it is, from which level on, and in which format. */
export interface LoggingSettings {
  /** The app's name, e.g. `auth`. */
  app: string;
  /** `<app>-<REPLICA_NAME>`, as in `X-Served-By`. */
  replica: string;
  /** `LOG_LEVEL`, in Nest's names. */
  level: LogLevel;
  /** `json`: one JSON object a line; `pretty`: one readable line an entry (pino-pretty). */
  format: 'json' | 'pretty';
}

const PINO_LEVELS: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

// Request and response lines carry no headers and no bodies at all. These keys are blanked
// wherever a log call puts them (up to three objects down), should one pass a request, a body
// or the configuration by mistake.
const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'secret',
  'secrets',
  'SESSION_SECRETS',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'REDIS_SENTINEL_PASSWORD',
  'sessionId',
  'encryptedSessionId',
  'cookie',
  'cookies',
  'authorization',
  '"set-cookie"',
];
const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const step = key.startsWith('"') ? `[${key}]` : `.${key}`;
  return [key.startsWith('"') ? `headers${step}` : key, `*${step}`, `*.*${step}`, `*.*.*${step}`];
});

/**
 * The options of `nestjs-pino` for an app: JSON lines (or pino-pretty lines) with the app and
 * replica on each, and secrets blanked. `nestjs-pino` is Nest's logger here, not the request
 * logger: its middleware (pino-http, a child logger per request, AsyncLocalStorage, Express-style
 * middleware on Fastify) cost a third of the CPU of a session read. `RequestLogger` writes the
 * request lines from a Fastify hook instead.
 */
export async function createLoggerParams(settings: LoggingSettings): Promise<Params> {
  const pretty = settings.format === 'pretty' ? await createPrettyStream() : undefined;
  const options: LoggerOptions = {
    level: PINO_LEVELS[settings.level],
    base: { app: settings.app, replica: settings.replica },
    timestamp: cachedIsoTime(),
    // pino-pretty reads numeric levels; JSON readers prefer names.
    formatters: pretty ? {} : { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: stdSerializers.err },
  };
  return { pinoHttp: [options, pretty ?? batchedStdout()], forRoutes: [] };
}

/**
 * pino-pretty in this thread (no worker), one line an entry. It is a development dependency:
 * where it is not installed (a production image), the logs stay JSON.
 */
async function createPrettyStream(): Promise<DestinationStream | undefined> {
  let pretty: typeof import('pino-pretty');
  try {
    pretty = (await import('pino-pretty')).default;
  } catch {
    process.stderr.write('LOG_FORMAT=pretty needs pino-pretty, a development dependency: logging JSON instead\n');
    return undefined;
  }
  return pretty({
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,app,replica,context,requestId,method,path,status,durationMs',
    messageFormat: (log, messageKey) => {
      const what =
        typeof log.status === 'number'
          ? `${String(log.method)} ${String(log.path)} ${log.status} ${String(log.durationMs)} ms`
          : `${log.context ? `${String(log.context)}: ` : ''}${String(log[messageKey])}`;
      // No replica: `npm start` puts it before each line already.
      return `${what}${log.requestId ? ` (${String(log.requestId)})` : ''}`;
    },
  });
}
