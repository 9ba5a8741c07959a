import { IncomingMessage } from 'node:http';
import { BadRequestException } from '@nestjs/common';
import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { ErrorDetail } from '../errors/error-response';

/**
 * Node's HTTP server options under which {@link hostHeaderProblem} decides: Node's own check
 * answers a missing Host with an empty 400, and it keeps the first of two Host headers silently.
 */
export const HOST_CHECKED_BY_HOOK = { requireHostHeader: false } as const;

/**
 * Why the Host of `request` is unusable, if it is (RFC 9112 section 3.2): an HTTP/1.1 request
 * must have exactly one. With two, the proxy and the app may each believe another, and
 * `request.host` decides the same-origin check and `X-Forwarded-Host`.
 *
 * @publicApi
 */
export function hostHeaderProblem(request: IncomingMessage): ErrorDetail | undefined {
  let count = 0;
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    if (raw[index].length === 4 && raw[index].toLowerCase() === 'host') count++;
  }
  if (count > 1) return { field: 'host', rule: 'single', message: 'host must be sent once' };
  // HTTP/1.0 had no Host; HTTP/2 carries :authority instead.
  if (count === 0 && request.httpVersion === '1.1') {
    return { field: 'host', rule: 'required', message: 'host is required in an HTTP/1.1 request' };
  }
  return undefined;
}

/** {@link hostHeaderProblem} as an `onRequest` hook: a 400 naming the rule, as the gateway's. */
export function refuseUnusableHost(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const problem = hostHeaderProblem(request.raw);
  done(problem && new BadRequestException({ message: problem.message, errors: [problem] }));
}
