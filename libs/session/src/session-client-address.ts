/**
 * Where the plugin keeps the client address of a request that has no stored session yet, so the
 * store can count the anonymous session it may start against that address (a symbol: never
 * stored, never part of the app's data).
 */
export const SESSION_CLIENT_ADDRESS = Symbol('session client address');

/** Set once the new session of a request has been counted, so it is counted once. */
export const SESSION_ADMITTED = Symbol('session admitted');

declare module 'fastify' {
  interface Session {
    [SESSION_CLIENT_ADDRESS]?: string;
    [SESSION_ADMITTED]?: true;
  }
}
