/** Injection token of the {@link RedisSessionStore} the module registers. */
export const SESSION_STORE = 'SESSION:STORE';
/** Injection token of the options with their defaults applied. */
export const RESOLVED_SESSION_OPTIONS = 'SESSION:RESOLVED_OPTIONS';
/** Metadata key written by `@Roles()`. */
export const ROLES_METADATA = 'SESSION:ROLES';
