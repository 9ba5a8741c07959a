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
Object.defineProperty(exports, "__esModule", { value: true });
exports.EnvironmentError = exports.Environment = void 0;
exports.validateEnvironment = validateEnvironment;
const node_crypto_1 = require("node:crypto");
const node_os_1 = require("node:os");
const common_1 = require("@nestjs/common");
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const read_secret_files_1 = require("./read-secret-files");
const toList = ({ value }) => typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;
class Environment {
    NODE_ENV = 'development';
    PORT = 3000;
    HOST = '0.0.0.0';
    REDIS_URL = 'redis://127.0.0.1:6379';
    SESSION_SECRETS;
    REPLICA_NAME = (0, node_os_1.hostname)();
    TRUST_PROXY = 'loopback,uniquelocal';
    BODY_LIMIT_BYTES = 16 * 1024;
    SESSION_COOKIE_NAME = 'sid';
    SESSION_COOKIE_SECURE = 'auto';
    SESSION_IDLE_TIMEOUT_SECONDS = 1800;
    SESSION_ABSOLUTE_TIMEOUT_SECONDS = 28800;
    SESSION_TOUCH_INTERVAL_SECONDS = 60;
    LOG_LEVEL = 'log';
}
exports.Environment = Environment;
__decorate([
    (0, class_validator_1.IsIn)(['development', 'production', 'test']),
    __metadata("design:type", String)
], Environment.prototype, "NODE_ENV", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_1.Max)(65535),
    __metadata("design:type", Object)
], Environment.prototype, "PORT", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", Object)
], Environment.prototype, "HOST", void 0);
__decorate([
    (0, class_validator_1.Matches)(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must look like redis://host:port' }),
    __metadata("design:type", Object)
], Environment.prototype, "REDIS_URL", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toList),
    (0, class_validator_1.IsString)({ each: true }),
    (0, class_validator_1.Matches)(/^.{32,}$/, { each: true, message: 'SESSION_SECRETS: each secret must be at least 32 characters' }),
    (0, class_validator_1.IsOptional)(),
    __metadata("design:type", Array)
], Environment.prototype, "SESSION_SECRETS", void 0);
__decorate([
    (0, class_validator_1.Matches)(/^[\w.-]{1,64}$/, { message: 'REPLICA_NAME must be 1-64 letters, digits, ".", "_" or "-"' }),
    __metadata("design:type", Object)
], Environment.prototype, "REPLICA_NAME", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", Object)
], Environment.prototype, "TRUST_PROXY", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1024),
    (0, class_validator_1.Max)(10 * 1024 * 1024),
    __metadata("design:type", Object)
], Environment.prototype, "BODY_LIMIT_BYTES", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Matches)(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/),
    __metadata("design:type", Object)
], Environment.prototype, "SESSION_COOKIE_NAME", void 0);
__decorate([
    (0, class_validator_1.IsIn)(['auto', 'true', 'false']),
    __metadata("design:type", String)
], Environment.prototype, "SESSION_COOKIE_SECURE", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    __metadata("design:type", Object)
], Environment.prototype, "SESSION_IDLE_TIMEOUT_SECONDS", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    __metadata("design:type", Object)
], Environment.prototype, "SESSION_ABSOLUTE_TIMEOUT_SECONDS", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    __metadata("design:type", Object)
], Environment.prototype, "SESSION_TOUCH_INTERVAL_SECONDS", void 0);
__decorate([
    (0, class_validator_1.IsIn)(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']),
    __metadata("design:type", String)
], Environment.prototype, "LOG_LEVEL", void 0);
class EnvironmentError extends Error {
}
exports.EnvironmentError = EnvironmentError;
const INTEGER_KEYS = new Set([
    'PORT',
    'BODY_LIMIT_BYTES',
    'SESSION_IDLE_TIMEOUT_SECONDS',
    'SESSION_ABSOLUTE_TIMEOUT_SECONDS',
    'SESSION_TOUCH_INTERVAL_SECONDS',
]);
let throwaway;
function throwawaySecret() {
    if (!throwaway) {
        new common_1.Logger('Config').warn('SESSION_SECRETS is unset: using a throwaway secret, sessions end on restart');
        throwaway = (0, node_crypto_1.randomBytes)(32).toString('base64url');
    }
    return throwaway;
}
function validateEnvironment(raw) {
    const env = (0, read_secret_files_1.readSecretFiles)(raw);
    const known = Object.keys(new Environment());
    const plain = {};
    for (const key of known) {
        const value = env[key];
        if (value === undefined || value === '')
            continue;
        plain[key] = INTEGER_KEYS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
    }
    const environment = (0, class_transformer_1.plainToInstance)(Environment, plain);
    const problems = (0, class_validator_1.validateSync)(environment).flatMap((error) => Object.values(error.constraints ?? {}).map((message) => message.startsWith(error.property) ? message : `${error.property}: ${message}`));
    if (!environment.SESSION_SECRETS?.length) {
        if (environment.NODE_ENV === 'production') {
            problems.push('SESSION_SECRETS: required in production (comma-separated, each at least 32 characters)');
        }
        else {
            environment.SESSION_SECRETS = [throwawaySecret()];
        }
    }
    if (problems.length) {
        throw new EnvironmentError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    }
    return environment;
}
//# sourceMappingURL=environment.js.map