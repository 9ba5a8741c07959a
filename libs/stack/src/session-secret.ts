import { randomBytes } from 'node:crypto';

/**
 * A random 48-character session secret for a stack whose sessions need not outlive it.
 *
 * @publicApi
 */
export function throwawaySessionSecret(): string {
  return randomBytes(36).toString('base64url');
}
