"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isRedisUnavailableError = isRedisUnavailableError;
const ioredis_1 = require("ioredis");
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
function isRedisUnavailableError(error) {
    if (!(error instanceof Error))
        return false;
    if (error instanceof ioredis_1.ReplyError)
        return UNAVAILABLE_REPLY.test(error.message);
    const code = error.code;
    return ((code !== undefined && UNAVAILABLE_CODES.has(code)) ||
        error.name === 'MaxRetriesPerRequestError' ||
        error.message === 'Command timed out' ||
        error.message === 'Connection is closed.' ||
        error.message.includes('enableOfflineQueue'));
}
//# sourceMappingURL=redis-unavailable.js.map