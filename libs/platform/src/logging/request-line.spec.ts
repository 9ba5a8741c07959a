import { FastifyReply, FastifyRequest } from 'fastify';
import pino, { LoggerOptions } from 'pino';
import { createLoggerParams } from './logger-params';
import { requestLineWriter } from './request-line';

/** The app's own logger options (JSON lines, level names, bindings, redaction) at `level`. */
async function appLogger(level: 'log' | 'warn' | 'debug'): Promise<{ logger: pino.Logger; lines: string[] }> {
  const params = await createLoggerParams({ app: 'cart', replica: 'cart-1', level, format: 'json' });
  const [options] = params.pinoHttp as [LoggerOptions, unknown];
  const lines: string[] = [];
  // A fixed time, so that two lines written a millisecond apart can be compared.
  const logger = pino(
    { ...options, timestamp: () => ',"time":"2026-12-06T10:00:00.000Z"' },
    { write: (line: string) => lines.push(line) },
  );
  return { logger, lines };
}

const request = (url: string, id = 'f3c0a1e2-7b8c-4d9e-a0b1-c2d3e4f5a6b7', method = 'GET'): FastifyRequest =>
  ({ id, method, url }) as FastifyRequest;
const reply = (statusCode: number, elapsedTime: number): FastifyReply => ({ statusCode, elapsedTime }) as FastifyReply;

describe('requestLineWriter', () => {
  it.each([
    ['a plain path', request('/cart/catalog'), reply(200, 1.4), 'info'],
    ['a query string, left out', request('/cart/items/MUG-001?token=secret'), reply(404, 0.2), 'info'],
    ['quotes, backslashes and non-ASCII in the path', request('/cart/items/"a\\b"/ü€'), reply(400, 3.6), 'info'],
    ['a server error', request('/auth/login', 'trace-42.a', 'POST'), reply(503, 1002.5), 'error'],
    ['a client gone before its answer', request('/auth/login', 'left-early', 'POST'), undefined, 'info'],
  ] as const)('writes the line pino writes for the same fields: %s', async (_case, given, answer, level) => {
    const { logger, lines } = await appLogger('log');
    requestLineWriter(logger)(level, given, answer, 'request completed');
    const query = given.url.indexOf('?');
    logger[level](
      {
        requestId: given.id,
        method: given.method,
        path: query === -1 ? given.url : given.url.slice(0, query),
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
    const { logger, lines } = await appLogger('warn');
    const write = requestLineWriter(logger);
    write('info', request('/cart/catalog'), reply(200, 1), 'request completed');
    write('debug', request('/cart/health/ready'), reply(200, 1), 'request completed');
    write('error', request('/cart'), reply(500, 1), 'request failed');
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['error']);
  });

  it("hands the line to pino when the destination wants pino's metadata (pino.multistream)", async () => {
    const params = await createLoggerParams({ app: 'cart', replica: 'cart-1', level: 'log', format: 'json' });
    const [options] = params.pinoHttp as [LoggerOptions, unknown];
    const lines: string[] = [];
    const logger = pino(options, pino.multistream([{ stream: { write: (line: string) => lines.push(line) } }]));
    requestLineWriter(logger)('info', request('/cart/catalog'), reply(201, 2), 'request completed');
    expect(JSON.parse(lines[0])).toMatchObject({ path: '/cart/catalog', status: 201, durationMs: 2 });
  });
});
