/**
 * Where a session made by `SessionService` carries the credential version its sign-in read (a
 * symbol: never stored, never part of the app's data, and copied by `regenerate` only when named).
 */
export const SESSION_CREDENTIAL_VERSION = Symbol('session credential version');

declare module 'fastify' {
  interface Session {
    [SESSION_CREDENTIAL_VERSION]?: number;
  }
}
