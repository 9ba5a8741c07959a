import { BadRequestException, HttpException } from '@nestjs/common';
import { ReplyError } from 'ioredis';
import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  it('keeps the status, message and details of an HTTP exception', () => {
    const exception = new BadRequestException({
      message: 'Validation failed',
      errors: [{ field: 'email', rule: 'isEmail', message: 'bad' }],
    });
    expect(toErrorResponse(exception)).toEqual({
      statusCode: 400,
      unexpected: false,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: 'email', rule: 'isEmail', message: 'bad' }],
      },
    });
  });

  it.each([
    ['an offline client', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a command timeout', new Error('Command timed out')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a loading Redis', new ReplyError('LOADING Redis is loading the dataset in memory')],
    ['a Redis out of memory', new ReplyError("OOM command not allowed when used memory > 'maxmemory'.")],
    ['a replica', new ReplyError("READONLY You can't write against a read only replica.")],
    [
      'a failed snapshot',
      new ReplyError(
        'MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk.',
      ),
    ],
    ['too few replicas', new ReplyError('NOREPLICAS Not enough good replicas to write.')],
  ])('turns %s into a 503 with Retry-After', (_name, error) => {
    expect(toErrorResponse(error)).toMatchObject({
      statusCode: 503,
      unexpected: false,
      body: { error: 'Service Unavailable' },
      headers: { 'retry-after': '1' },
    });
  });

  it('names the field and rule of a Fastify body error Nest wrapped', () => {
    const fastifyError = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    const wrapped = new HttpException(fastifyError.message, 413, { cause: fastifyError });
    expect(toErrorResponse(wrapped).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
      errors: [{ field: 'body', rule: 'maxBytes', message: 'Request body is too large' }],
    });
  });

  it('names a path the router refuses once, bounded, and says in the detail what is wrong with it', () => {
    const path = `/cart/items/${'x'.repeat(8000)}`;
    const tooLong = Object.assign(new Error(`'${path}' is exceeding the max param length`), {
      code: 'FST_ERR_MAX_PARAM_LENGTH',
      statusCode: 414,
    });
    expect(toErrorResponse(tooLong).body).toEqual({
      statusCode: 414,
      error: 'Uri Too Long',
      message: `'${path.slice(0, 200)}…' is exceeding the max param length`,
      errors: [{ field: 'url', rule: 'maxParamLength', message: 'A path parameter is too long' }],
    });
    const malformed = Object.assign(new Error("'/cart/%zz' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
    });
    expect(toErrorResponse(malformed).body).toMatchObject({
      message: "'/cart/%zz' is not a valid url component",
      errors: [{ field: 'url', rule: 'validUrl', message: 'The path does not decode' }],
    });
  });

  it('hides anything else behind a logged 500', () => {
    expect(toErrorResponse(new TypeError('x is undefined'))).toEqual({
      statusCode: 500,
      unexpected: true,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' },
    });
  });
});
