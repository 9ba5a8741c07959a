import { ForbiddenException } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { refuseCrossSiteRequest } from './same-origin.hook';

const request = (method: string, headers: Record<string, string>): FastifyRequest =>
  ({ method, host: 'api.example.com', headers }) as unknown as FastifyRequest;

describe('refuseCrossSiteRequest', () => {
  const allowed = new Set(['https://app.example.com']);
  const refuses = (method: string, headers: Record<string, string>): boolean => {
    try {
      refuseCrossSiteRequest(request(method, headers), allowed);
      return false;
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenException);
      return true;
    }
  };

  it('lets same-origin writes, reads and requests without browser headers through', () => {
    expect(refuses('POST', { origin: 'https://api.example.com', 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(refuses('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBe(false);
    expect(refuses('POST', {})).toBe(false);
  });

  it('lets writes from an allow-listed origin through, cross-site or not', () => {
    expect(refuses('PATCH', { origin: 'https://app.example.com', 'sec-fetch-site': 'same-site' })).toBe(false);
    expect(refuses('DELETE', { origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' })).toBe(false);
  });

  it('refuses writes from any other origin, as written exactly (scheme and port count)', () => {
    expect(refuses('POST', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(refuses('POST', { origin: 'http://app.example.com' })).toBe(true);
    expect(refuses('POST', { origin: 'https://app.example.com:8443' })).toBe(true);
    expect(refuses('POST', { origin: 'null' })).toBe(true);
    expect(refuses('POST', { 'sec-fetch-site': 'cross-site' })).toBe(true);
  });
});
