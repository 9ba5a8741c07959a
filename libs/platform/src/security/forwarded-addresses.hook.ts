import { isIP } from 'node:net';
import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * Makes `request.ip` an IP address (`net.isIP`) whatever a client puts in `X-Forwarded-For`.
 *
 * Fastify answers `request.ip` with the first entry, from the right, that no trusted proxy
 * vouches for, as it is: an entry a client made up (`<script>`, `x`) would be stored with its
 * session and key its rate limits. Proxies append real addresses, so everything from the last
 * entry that is not one leftwards came from a client: the header is cut after it, and the
 * address becomes the hop that passed the made-up entry on.
 */
export function dropForgedForwardedAddresses(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const headers = request.raw.headers;
  const forwardedFor = headers['x-forwarded-for'];
  if (forwardedFor !== undefined) {
    const entries = String(forwardedFor)
      .split(',')
      .map((entry) => entry.trim());
    const lastForged = entries.findLastIndex((entry) => isIP(entry) === 0);
    if (lastForged === entries.length - 1) delete headers['x-forwarded-for'];
    else if (lastForged !== -1) headers['x-forwarded-for'] = entries.slice(lastForged + 1).join(', ');
  }
  done();
}
