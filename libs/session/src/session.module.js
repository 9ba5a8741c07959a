"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SessionModule = void 0;
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const redis_1 = require("../../redis/src");
const authenticated_guard_1 = require("./guards/authenticated.guard");
const roles_guard_1 = require("./guards/roles.guard");
const redis_session_store_1 = require("./redis-session.store");
const resolve_session_options_1 = require("./resolve-session-options");
const session_constants_1 = require("./session.constants");
const session_module_definition_1 = require("./session.module-definition");
const session_plugin_1 = require("./session.plugin");
const session_service_1 = require("./session.service");
let SessionModule = class SessionModule extends session_module_definition_1.ConfigurableSessionModule {
    adapterHost;
    options;
    store;
    constructor(adapterHost, options, store) {
        super();
        this.adapterHost = adapterHost;
        this.options = options;
        this.store = store;
    }
    async onModuleInit() {
        const fastify = this.adapterHost.httpAdapter.getInstance();
        await fastify.register(session_plugin_1.registerSession, { options: this.options, store: this.store });
    }
};
exports.SessionModule = SessionModule;
exports.SessionModule = SessionModule = __decorate([
    (0, common_1.Module)({
        providers: [
            { provide: session_constants_1.RESOLVED_SESSION_OPTIONS, inject: [session_module_definition_1.SESSION_MODULE_OPTIONS], useFactory: resolve_session_options_1.resolveSessionOptions },
            {
                provide: session_constants_1.SESSION_STORE,
                inject: [redis_1.REDIS_CLIENT, session_constants_1.RESOLVED_SESSION_OPTIONS],
                useFactory: (redis, options) => new redis_session_store_1.RedisSessionStore(redis, options),
            },
            session_service_1.SessionService,
            authenticated_guard_1.AuthenticatedGuard,
            roles_guard_1.RolesGuard,
        ],
        exports: [session_constants_1.SESSION_STORE, session_constants_1.RESOLVED_SESSION_OPTIONS, session_service_1.SessionService, authenticated_guard_1.AuthenticatedGuard, roles_guard_1.RolesGuard],
    }),
    __param(1, (0, common_1.Inject)(session_constants_1.RESOLVED_SESSION_OPTIONS)),
    __param(2, (0, common_1.Inject)(session_constants_1.SESSION_STORE)),
    __metadata("design:paramtypes", [core_1.HttpAdapterHost, Object, redis_session_store_1.RedisSessionStore])
], SessionModule);
//# sourceMappingURL=session.module.js.map