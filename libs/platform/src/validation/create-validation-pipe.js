"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createValidationPipe = createValidationPipe;
const common_1 = require("@nestjs/common");
function createValidationPipe() {
    return new common_1.ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        transform: true,
        exceptionFactory: (errors) => {
            const details = errors.flatMap((error) => flatten(error, ''));
            return new common_1.BadRequestException({
                message: details.length
                    ? `Validation failed: ${details.map((detail) => detail.message).join('; ')}`
                    : 'Validation failed: the body must be a JSON object',
                errors: details.length ? details : [{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }],
            });
        },
    });
}
function flatten(error, parent) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
        field: field || 'body',
        rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
        message,
    }));
    return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
//# sourceMappingURL=create-validation-pipe.js.map