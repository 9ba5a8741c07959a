import { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { DestinationStream, Level, stdSerializers, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';

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

/** The fields of the one line logged for each request. */
interface RequestLine {
  method?: string;
  path: string;
  status: number;
  durationMs: number;
}

function requestLine(request: IncomingMessage, response: ServerResponse, durationMs: number): RequestLine {
  // Nest's middleware sees `url` cut to the part below the matched route; `originalUrl` is whole.
  const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  // The path only: a query string may carry what a log must not.
  return {
    method: request.method,
    path: query === -1 ? url : url.slice(0, query),
    status: response.statusCode,
    durationMs,
  };
}

/**
 * The options of `nestjs-pino` for an app: JSON lines (or pino-pretty lines) with the app and
 * replica on each, secrets blanked, and one line per request (method, path, status, duration
 * and the request's id) at `info`, `error` for a 5xx.
 */
export async function createLoggerParams(settings: LoggingSettings): Promise<Params> {
  const level = PINO_LEVELS[settings.level];
  const pretty = settings.format === 'pretty' ? await createPrettyStream() : undefined;
  const options: Options = {
    level,
    base: { app: settings.app, replica: settings.replica },
    timestamp: stdTimeFunctions.isoTime,
    // pino-pretty reads numeric levels; JSON readers prefer names.
    formatters: pretty ? {} : { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: stdSerializers.err },
    // Log lines made while serving a request carry its id, not the whole request.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // Below `info` the request lines would be dropped anyway: skip building them.
    autoLogging: ['trace', 'debug', 'info'].includes(level),
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (_request, response) => (response.writableEnded ? 'request completed' : 'request aborted'),
    customErrorMessage: () => 'request failed',
    customSuccessObject: (request, response, fields: { responseTime: number }) =>
      requestLine(request, response, fields.responseTime),
    customErrorObject: (request, response, error, fields: { responseTime: number }) => ({
      ...requestLine(request, response, fields.responseTime),
      err: error,
    }),
  };
  return { pinoHttp: pretty ? [options, pretty] : options };
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
