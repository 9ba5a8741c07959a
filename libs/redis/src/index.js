"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REDIS_OPTIONS_TYPE = exports.REDIS_ASYNC_OPTIONS_TYPE = exports.RedisModule = exports.REDIS_CLIENT = exports.isRedisUnavailableError = exports.createRedisClient = exports.InjectRedis = void 0;
var inject_redis_decorator_1 = require("./inject-redis.decorator");
Object.defineProperty(exports, "InjectRedis", { enumerable: true, get: function () { return inject_redis_decorator_1.InjectRedis; } });
var redis_client_factory_1 = require("./redis-client.factory");
Object.defineProperty(exports, "createRedisClient", { enumerable: true, get: function () { return redis_client_factory_1.createRedisClient; } });
var redis_unavailable_1 = require("./redis-unavailable");
Object.defineProperty(exports, "isRedisUnavailableError", { enumerable: true, get: function () { return redis_unavailable_1.isRedisUnavailableError; } });
var redis_constants_1 = require("./redis.constants");
Object.defineProperty(exports, "REDIS_CLIENT", { enumerable: true, get: function () { return redis_constants_1.REDIS_CLIENT; } });
var redis_module_1 = require("./redis.module");
Object.defineProperty(exports, "RedisModule", { enumerable: true, get: function () { return redis_module_1.RedisModule; } });
var redis_module_definition_1 = require("./redis.module-definition");
Object.defineProperty(exports, "REDIS_ASYNC_OPTIONS_TYPE", { enumerable: true, get: function () { return redis_module_definition_1.REDIS_ASYNC_OPTIONS_TYPE; } });
Object.defineProperty(exports, "REDIS_OPTIONS_TYPE", { enumerable: true, get: function () { return redis_module_definition_1.REDIS_OPTIONS_TYPE; } });
//# sourceMappingURL=index.js.map