import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger, symbols } from 'pino';
import { pathOf } from '../routing/path-of';

export type RequestLineLevel = 'debug' | 'info' | 'error';

/**
 * Writes the line of `request` at `level` (method, path, status, duration and the request's
 * id), when the logger's level lets it through; without `reply` (the client left before its
 * answer) the line has no status.
 */
export type RequestLineWriter = (
  level: RequestLineLevel,
  request: FastifyRequest,
  reply: FastifyReply | undefined,
  message: string,
) => void;

// The parts of a pino logger its lines are made of, which pino exports as `symbols`.
interface LoggerParts {
  [symbols.lsCacheSym]: Record<number, string>;
  [symbols.timeSym]: () => string;
  [symbols.chindingsSym]: string;
  [symbols.endSym]: string;
  [symbols.messageKeySym]: string;
  [symbols.streamSym]: { write(line: string): unknown; [symbols.needsMetadataGsym]?: boolean };
}

/**
 * The request lines of `logger`: the text pino writes for these fields (its level prefix, its
 * time, its bindings, the fields in this order, the message), made with one template instead
 * of pino's walk over the keys of a logged object. A line per request is most of what logging
 * costs a request; its fields are fixed and none is secret, so it needs no redaction either.
 * A destination that wants pino's metadata of each line (`pino.multistream`) gets pino's call;
 * a `mixin` or a `formatters.log` (createLoggerParams sets neither) would be left out.
 */
export function requestLineWriter(logger: Logger): RequestLineWriter {
  const parts = logger as unknown as LoggerParts;
  const stream = parts[symbols.streamSym];
  const prefixes = parts[symbols.lsCacheSym];
  const time = parts[symbols.timeSym];
  const bindings = parts[symbols.chindingsSym];
  const end = parts[symbols.endSym];
  const messageKey = JSON.stringify(parts[symbols.messageKeySym]);
  const viaPino = stream[symbols.needsMetadataGsym] === true;
  return (level, request, reply, message) => {
    if (!logger.isLevelEnabled(level)) return;
    // The path only: a query string may carry what a log must not.
    const path = pathOf(request.url);
    const status = reply?.statusCode;
    const durationMs = Math.round(reply ? reply.elapsedTime : 0);
    if (viaPino) {
      logger[level]({ requestId: request.id, method: request.method, path, status, durationMs }, message);
      return;
    }
    stream.write(
      `${prefixes[logger.levels.values[level]]}${time()}${bindings},"requestId":${JSON.stringify(request.id)}` +
        `,"method":${JSON.stringify(request.method)},"path":${JSON.stringify(path)}` +
        `${status === undefined ? '' : `,"status":${status}`},"durationMs":${durationMs}` +
        `,${messageKey}:${JSON.stringify(message)}${end}`,
    );
  };
}
