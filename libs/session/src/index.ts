import './session-data.interface';

/**
 * What an app keeps in the session, declared by the app itself through module augmentation:
 *
 * ```ts
 * declare module '@app/session' {
 *   interface SessionData {
 *     draftOrderId?: string;
 *   }
 * }
 * ```
 *
 * Any JSON value persists under its own name (see the session README for the rules and the size
 * limit). `Session` extends it, so `session.draftOrderId` type-checks where the declaration is
 * seen, and a misspelt name does not. (Declared in this file, the module apps augment: an
 * augmentation does not reach an interface that is only re-exported here.)
 *
 * @publicApi
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the apps' augmentations
export interface SessionData {}

export { CurrentSession } from './decorators/current-session.decorator';
export { CurrentUser } from './decorators/current-user.decorator';
export { Roles } from './decorators/roles.decorator';
export { AuthenticatedGuard } from './guards/authenticated.guard';
export { RolesGuard } from './guards/roles.guard';
export { SessionStoreReachableGuard } from './guards/session-store-reachable.guard';
export { RedisSessionStore } from './redis-session.store';
export { RESOLVED_SESSION_OPTIONS, ROLES_METADATA, SESSION_NEAR_CACHE, SESSION_STORE } from './session.constants';
export { SessionInvalidationListener } from './session-invalidation.listener';
export { SessionNearCache } from './session-near-cache';
export { SessionMetrics, SessionMetricsObserver } from './session-metrics';
export { SessionSummary, SessionUser } from './session-data.interface';
export { SessionCredentialsChangedException } from './session-credentials-changed.exception';
export { AnonymousSessionLimitException } from './anonymous-session-limit.exception';
export { SessionModule } from './session.module';
export { SESSION_ASYNC_OPTIONS_TYPE, SESSION_OPTIONS_TYPE } from './session.module-definition';
export { NearCacheOptions, ResolvedSessionOptions, SessionModuleOptions } from './session-options.interface';
export { SessionService } from './session.service';
export { SessionEndedException } from './session-ended.exception';
export { SessionReplacedException } from './session-replaced.exception';
export { SessionUnavailableException } from './session-unavailable.exception';
