import { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const requestWith = (id?: string | string[]): IncomingMessage =>
  ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;

describe('requestIdOf', () => {
  it("keeps the proxy's or client's id when it looks like one", () => {
    expect(requestIdOf(requestWith('9f1c2e7a-1b2c-4d5e-8f90-123456789abc'))).toBe(
      '9f1c2e7a-1b2c-4d5e-8f90-123456789abc',
    );
    expect(requestIdOf(requestWith('Root=1-67891233-abcdef012345678912345678'))).toBe(
      'Root=1-67891233-abcdef012345678912345678',
    );
  });

  it('makes up a UUID when there is none, several, or one that is too long or has odd characters', () => {
    for (const given of [undefined, ['a', 'b'], '', 'x'.repeat(129), 'has space', 'line\nbreak', '{"json":1}']) {
      expect(requestIdOf(requestWith(given))).toMatch(UUID);
    }
  });
});
