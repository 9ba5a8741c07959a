"use strict";
var _a;
Object.defineProperty(exports, "__esModule", { value: true });
exports.REDIS_ASYNC_OPTIONS_TYPE = exports.REDIS_OPTIONS_TYPE = exports.REDIS_MODULE_OPTIONS = exports.ConfigurableRedisModule = void 0;
const common_1 = require("@nestjs/common");
_a = new common_1.ConfigurableModuleBuilder()
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
}))
    .build(), exports.ConfigurableRedisModule = _a.ConfigurableModuleClass, exports.REDIS_MODULE_OPTIONS = _a.MODULE_OPTIONS_TOKEN, exports.REDIS_OPTIONS_TYPE = _a.OPTIONS_TYPE, exports.REDIS_ASYNC_OPTIONS_TYPE = _a.ASYNC_OPTIONS_TYPE;
//# sourceMappingURL=redis.module-definition.js.map