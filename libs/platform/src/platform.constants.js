"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.APP_NAME = void 0;
exports.APP_NAME = 'PLATFORM:APP_NAME';
//# sourceMappingURL=platform.constants.js.map