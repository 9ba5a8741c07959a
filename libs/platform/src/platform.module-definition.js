"use strict";
var _a;
Object.defineProperty(exports, "__esModule", { value: true });
exports.PLATFORM_OPTIONS_TYPE = exports.PLATFORM_MODULE_OPTIONS = exports.ConfigurablePlatformModule = void 0;
const common_1 = require("@nestjs/common");
_a = new common_1.ConfigurableModuleBuilder().setClassMethodName('forRoot').build(), exports.ConfigurablePlatformModule = _a.ConfigurableModuleClass, exports.PLATFORM_MODULE_OPTIONS = _a.MODULE_OPTIONS_TOKEN, exports.PLATFORM_OPTIONS_TYPE = _a.OPTIONS_TYPE;
//# sourceMappingURL=platform.module-definition.js.map