/** Injection token of the {@link RedisSessionStore} the module registers. */
export const SESSION_STORE = 'SESSION:STORE';
/** Injection token of the options with their defaults applied. */
export const RESOLVED_SESSION_OPTIONS = 'SESSION:RESOLVED_OPTIONS';
/** Metadata key written by `@Roles()`. */
export const ROLES_METADATA = 'SESSION:ROLES';
/** Injection token of the {@link SessionNearCache}, or `null` when the near cache is off. */
export const SESSION_NEAR_CACHE = 'SESSION:NEAR_CACHE';
/** Injection token of the {@link SessionInvalidationListener}, or `null` when the near cache is off. */
export const SESSION_INVALIDATION_LISTENER = 'SESSION:INVALIDATION_LISTENER';
/** The 401 message for a route that needs a signed-in session and found none. */
export const NOT_SIGNED_IN_MESSAGE = 'Not signed in: this route needs a signed-in session';
