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
