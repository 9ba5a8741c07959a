"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createRedisClient = createRedisClient;
const common_1 = require("@nestjs/common");
const ioredis_1 = __importDefault(require("ioredis"));
const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 1000;
function createRedisClient(options, logger = new common_1.Logger('Redis')) {
    const client = new ioredis_1.default(options.url, {
        connectionName: options.connectionName,
        enableOfflineQueue: false,
        commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        connectTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
        enableAutoPipelining: true,
    });
    let outageLogged = false;
    client.on('ready', () => {
        outageLogged = false;
        logger.log(`connected to ${client.options.host}:${client.options.port}`);
    });
    client.on('error', (error) => {
        if (outageLogged)
            return;
        outageLogged = true;
        logger.error(`unavailable: ${error.message}`);
    });
    return client;
}
//# sourceMappingURL=redis-client.factory.js.map