import { ReplyError } from 'ioredis';
import { RedisNotReplicatedError } from './redis-not-replicated.error';

// Redis cannot serve, or refuses writes for now: out of memory under `noeviction` (OOM), a
// replica or a failover (READONLY), a failed snapshot (MISCONF), too few replicas (NOREPLICAS).
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|OOM|MISCONF|NOREPLICAS)\b/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

/**
 * Tells whether an error means "Redis cannot serve right now" (down, unreachable, too slow,
 * loading its data, refusing writes) rather than a bug or a rejected command. Such errors
 * become a 503.
 *
 * @publicApi
 */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof RedisNotReplicatedError) return true;
  if (error instanceof ReplyError) return UNAVAILABLE_REPLY.test(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && UNAVAILABLE_CODES.has(code)) ||
    error.name === 'MaxRetriesPerRequestError' ||
    // A command in flight when its connection closed (a master killed under it).
    error.message === 'Command aborted due to connection close' ||
    // A cluster command that met a failover, or no node at all, until its retries ran out.
    error.name === 'ClusterAllFailedError' ||
    error.message.startsWith('Too many Cluster redirections') ||
    error.message === 'Command timed out' ||
    error.message === 'Connection is closed.' ||
    error.message.includes('enableOfflineQueue')
  );
}
