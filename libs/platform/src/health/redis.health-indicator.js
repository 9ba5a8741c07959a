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
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RedisHealthIndicator = void 0;
const common_1 = require("@nestjs/common");
const terminus_1 = require("@nestjs/terminus");
const ioredis_1 = __importDefault(require("ioredis"));
const redis_1 = require("../../../redis/src");
let RedisHealthIndicator = class RedisHealthIndicator {
    redis;
    health;
    constructor(redis, health) {
        this.redis = redis;
        this.health = health;
    }
    async isHealthy(key = 'redis') {
        const indicator = this.health.check(key);
        try {
            await this.redis.ping();
            return indicator.up();
        }
        catch (error) {
            return indicator.down({ message: error.message });
        }
    }
};
exports.RedisHealthIndicator = RedisHealthIndicator;
exports.RedisHealthIndicator = RedisHealthIndicator = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, redis_1.InjectRedis)()),
    __metadata("design:paramtypes", [ioredis_1.default,
        terminus_1.HealthIndicatorService])
], RedisHealthIndicator);
//# sourceMappingURL=redis.health-indicator.js.map