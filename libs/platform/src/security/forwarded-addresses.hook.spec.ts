import { FastifyReply, FastifyRequest } from 'fastify';
import { dropForgedForwardedAddresses } from './forwarded-addresses.hook';

/** `X-Forwarded-For` as the hook leaves it. */
function afterHook(forwardedFor: string | undefined): string | undefined {
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  const request = { raw: { headers } } as unknown as FastifyRequest;
  let called = false;
  dropForgedForwardedAddresses(request, {} as FastifyReply, () => (called = true));
  expect(called).toBe(true);
  return headers['x-forwarded-for'];
}

describe('dropForgedForwardedAddresses', () => {
  it('leaves a header of addresses alone', () => {
    expect(afterHook('203.0.113.1, 10.0.0.2, ::1')).toBe('203.0.113.1, 10.0.0.2, ::1');
    expect(afterHook(undefined)).toBeUndefined();
  });

  it('drops everything from the last entry that is not an address leftwards', () => {
    expect(afterHook('203.0.113.1, <script>, 10.0.0.2')).toBe('10.0.0.2');
    expect(afterHook('unknown, 198.51.100.1:443, 10.0.0.2, 127.0.0.1')).toBe('10.0.0.2, 127.0.0.1');
  });

  it('removes a header whose last entry is not an address', () => {
    expect(afterHook('203.0.113.1, nonsense')).toBeUndefined();
  });
});
