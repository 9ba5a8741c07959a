"use strict";
var _a;
Object.defineProperty(exports, "__esModule", { value: true });
exports.SESSION_ASYNC_OPTIONS_TYPE = exports.SESSION_OPTIONS_TYPE = exports.SESSION_MODULE_OPTIONS = exports.ConfigurableSessionModule = void 0;
const common_1 = require("@nestjs/common");
_a = new common_1.ConfigurableModuleBuilder().setClassMethodName('forRoot').build(), exports.ConfigurableSessionModule = _a.ConfigurableModuleClass, exports.SESSION_MODULE_OPTIONS = _a.MODULE_OPTIONS_TOKEN, exports.SESSION_OPTIONS_TYPE = _a.OPTIONS_TYPE, exports.SESSION_ASYNC_OPTIONS_TYPE = _a.ASYNC_OPTIONS_TYPE;
//# sourceMappingURL=session.module-definition.js.map