import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { HttpErrorFilter } from './http-error.filter';

describe('HttpErrorFilter', () => {
  const reply = { headers: jest.fn(), status: jest.fn(), send: jest.fn() };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'request-7' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    reply.status.mockReturnValue(reply);
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("logs an unexpected error with the request's id, and answers a bare 500", () => {
    const error = new Error('a bug');
    new HttpErrorFilter().catch(error, host);
    expect(logged).toHaveBeenCalledWith({ requestId: 'request-7', err: error }, 'unexpected error');
    expect(reply.status).toHaveBeenCalledWith(500);
    expect(reply.send).toHaveBeenCalledWith(expect.not.objectContaining({ message: 'a bug' }));
  });

  it('does not log an HTTP exception: it is an answer, not a fault', () => {
    new HttpErrorFilter().catch(new BadRequestException(), host);
    expect(logged).not.toHaveBeenCalled();
    expect(reply.status).toHaveBeenCalledWith(400);
  });
});
