"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REDIS_CLIENT = void 0;
exports.REDIS_CLIENT = 'REDIS:CLIENT';
//# sourceMappingURL=redis.constants.js.map