import { FastifyReply, FastifyRequest } from 'fastify';
import pino, { LoggerOptions } from 'pino';
import { createLoggerParams } from './logger-params';
import { requestLineWriter } from './request-line';

/** A logger with the app's own options (JSON lines, level names, bindings, redaction) at `level`. */
async function appLogger(
  level: 'log' | 'warn',
  destination: pino.DestinationStream,
  overrides: LoggerOptions = {},
): Promise<pino.Logger> {
  const params = await createLoggerParams({ app: 'cart', replica: 'cart-1', level, format: 'json' });
  const [options] = params.pinoHttp as [LoggerOptions, unknown];
  return pino({ ...options, ...overrides }, destination);
}

/** The app's logger, and the lines written to it, at a fixed time: two lines a millisecond apart compare equal. */
async function capturingLogger(level: 'log' | 'warn'): Promise<{ logger: pino.Logger; lines: string[] }> {
  const lines: string[] = [];
  const logger = await appLogger(
    level,
    { write: (line: string) => lines.push(line) },
    { timestamp: () => ',"time":"2026-12-06T10:00:00.000Z"' },
  );
  return { logger, lines };
}

const request = (url: string, id = 'f3c0a1e2-7b8c-4d9e-a0b1-c2d3e4f5a6b7', method = 'GET'): FastifyRequest =>
  ({ id, method, url }) as FastifyRequest;
const reply = (statusCode: number, elapsedTime: number): FastifyReply => ({ statusCode, elapsedTime }) as FastifyReply;

describe('requestLineWriter', () => {
  it.each([
    ['a plain path', request('/cart/catalog'), reply(200, 1.4), 'info', '/cart/catalog'],
    [
      'a query string, left out',
      request('/cart/items/MUG-001?token=secret'),
      reply(404, 0.2),
      'info',
      '/cart/items/MUG-001',
    ],
    [
      'quotes, backslashes and non-ASCII in the path',
      request('/cart/items/"a\\b"/ü€'),
      reply(400, 3.6),
      'info',
      '/cart/items/"a\\b"/ü€',
    ],
    ['a server error', request('/auth/login', 'trace-42.a', 'POST'), reply(503, 1002.5), 'error', '/auth/login'],
    ['a client gone before its answer', request('/auth/login', 'left-early', 'POST'), undefined, 'info', '/auth/login'],
  ] as const)('writes the line pino writes for the same fields: %s', async (_case, given, answer, level, path) => {
    const { logger, lines } = await capturingLogger('log');
    requestLineWriter(logger)(level, given, answer, 'request completed');
    logger[level](
      {
        requestId: given.id,
        method: given.method,
        path,
        status: answer?.statusCode,
        durationMs: Math.round(answer ? answer.elapsedTime : 0),
      },
      'request completed',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(lines[1]);
    expect(JSON.parse(lines[0])).toMatchObject({ level, app: 'cart', replica: 'cart-1', msg: 'request completed' });
  });

  it('writes nothing below the logger level', async () => {
    const { logger, lines } = await capturingLogger('warn');
    const write = requestLineWriter(logger);
    write('info', request('/cart/catalog'), reply(200, 1), 'request completed');
    write('debug', request('/cart/health/ready'), reply(200, 1), 'request completed');
    write('error', request('/cart'), reply(500, 1), 'request failed');
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['error']);
  });

  it("hands the line to pino when the destination wants pino's metadata (pino.multistream)", async () => {
    const lines: string[] = [];
    const logger = await appLogger(
      'log',
      pino.multistream([{ stream: { write: (line: string) => lines.push(line) } }]),
    );
    requestLineWriter(logger)('info', request('/cart/catalog'), reply(201, 2), 'request completed');
    expect(JSON.parse(lines[0])).toMatchObject({ path: '/cart/catalog', status: 201, durationMs: 2 });
  });
});
