"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PlatformModule = void 0;
const common_1 = require("@nestjs/common");
const config_1 = require("@nestjs/config");
const core_1 = require("@nestjs/core");
const terminus_1 = require("@nestjs/terminus");
const redis_1 = require("../../redis/src");
const session_1 = require("../../session/src");
const environment_1 = require("./config/environment");
const http_error_filter_1 = require("./errors/http-error.filter");
const health_controller_1 = require("./health/health.controller");
const redis_health_indicator_1 = require("./health/redis.health-indicator");
const platform_constants_1 = require("./platform.constants");
const platform_module_definition_1 = require("./platform.module-definition");
const create_validation_pipe_1 = require("./validation/create-validation-pipe");
let PlatformModule = class PlatformModule extends platform_module_definition_1.ConfigurablePlatformModule {
    static forRoot(options) {
        const definition = super.forRoot(options);
        return {
            ...definition,
            imports: [
                ...(definition.imports ?? []),
                config_1.ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: environment_1.validateEnvironment }),
                redis_1.RedisModule.forRootAsync({
                    inject: [config_1.ConfigService],
                    useFactory: (config) => ({
                        url: config.get('REDIS_URL', { infer: true }),
                        connectionName: `${options.name}-${config.get('REPLICA_NAME', { infer: true })}`,
                    }),
                }),
                session_1.SessionModule.forRootAsync({
                    inject: [config_1.ConfigService],
                    useFactory: (config) => {
                        const secure = config.get('SESSION_COOKIE_SECURE', { infer: true });
                        return {
                            secrets: config.get('SESSION_SECRETS', { infer: true }),
                            cookieName: config.get('SESSION_COOKIE_NAME', { infer: true }),
                            cookieSecure: secure === 'auto' ? 'auto' : secure === 'true',
                            idleTimeoutSeconds: config.get('SESSION_IDLE_TIMEOUT_SECONDS', { infer: true }),
                            absoluteTimeoutSeconds: config.get('SESSION_ABSOLUTE_TIMEOUT_SECONDS', { infer: true }),
                            touchIntervalSeconds: config.get('SESSION_TOUCH_INTERVAL_SECONDS', { infer: true }),
                        };
                    },
                }),
            ],
            providers: [...(definition.providers ?? []), { provide: platform_constants_1.APP_NAME, useValue: options.name }],
            exports: [platform_constants_1.APP_NAME],
        };
    }
};
exports.PlatformModule = PlatformModule;
exports.PlatformModule = PlatformModule = __decorate([
    (0, common_1.Module)({
        imports: [terminus_1.TerminusModule],
        controllers: [health_controller_1.HealthController],
        providers: [
            redis_health_indicator_1.RedisHealthIndicator,
            { provide: core_1.APP_FILTER, useClass: http_error_filter_1.HttpErrorFilter },
            { provide: core_1.APP_PIPE, useFactory: create_validation_pipe_1.createValidationPipe },
        ],
    })
], PlatformModule);
//# sourceMappingURL=platform.module.js.map