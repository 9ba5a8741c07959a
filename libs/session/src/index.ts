import './session-data.interface';

export { CurrentSession } from './decorators/current-session.decorator';
export { CurrentUser } from './decorators/current-user.decorator';
export { Roles } from './decorators/roles.decorator';
export { AuthenticatedGuard } from './guards/authenticated.guard';
export { RolesGuard } from './guards/roles.guard';
export { RedisSessionStore } from './redis-session.store';
export { RESOLVED_SESSION_OPTIONS, ROLES_METADATA, SESSION_NEAR_CACHE, SESSION_STORE } from './session.constants';
export { SessionInvalidationListener } from './session-invalidation.listener';
export { SessionNearCache } from './session-near-cache';
export { SessionMetrics, SessionMetricsObserver } from './session-metrics';
export { SessionSummary, SessionUser } from './session-data.interface';
export { SessionModule } from './session.module';
export { SESSION_ASYNC_OPTIONS_TYPE, SESSION_OPTIONS_TYPE } from './session.module-definition';
export { NearCacheOptions, ResolvedSessionOptions, SessionModuleOptions } from './session-options.interface';
export { SessionService } from './session.service';
export { SessionUnavailableException } from './session-unavailable.exception';
