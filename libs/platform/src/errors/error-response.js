"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toErrorResponse = toErrorResponse;
const common_1 = require("@nestjs/common");
const redis_1 = require("../../../redis/src");
const FASTIFY_ERRORS = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'content-type', rule: 'supportedMediaType' },
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'content-length', rule: 'matchesBody' },
    FST_ERR_CTP_BODY_TOO_LARGE: { field: 'body', rule: 'maxBytes' },
    FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body', rule: 'json' },
    FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', rule: 'json' },
    FST_ERR_CTP_INVALID_TYPE: { field: 'content-type', rule: 'supportedMediaType' },
    FST_ERR_BAD_URL: { field: 'url', rule: 'validUrl' },
    FST_ERR_ASYNC_CONSTRAINT: { field: 'url', rule: 'validUrl' },
};
function toErrorResponse(error) {
    if (error instanceof common_1.HttpException)
        return fromHttpException(error);
    if ((0, redis_1.isRedisUnavailableError)(error)) {
        return respond(common_1.HttpStatus.SERVICE_UNAVAILABLE, 'A backing service (Redis) is unavailable; retry shortly');
    }
    const fastifyError = error;
    const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
    if (known || isClientError(fastifyError.statusCode)) {
        const status = isClientError(fastifyError.statusCode) ? fastifyError.statusCode : common_1.HttpStatus.BAD_REQUEST;
        const message = fastifyError.message || 'Bad request';
        const detail = known ?? detailOfParseError(message);
        return respond(status, message, detail ? [{ ...detail, message }] : undefined);
    }
    return { ...respond(common_1.HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error'), unexpected: true };
}
function fromHttpException(exception) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string')
        return respond(status, response);
    const { message, errors } = response;
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
    return respond(status, text, errors);
}
function detailOfParseError(message) {
    if (/prototype|constructor/i.test(message))
        return { field: 'body', rule: 'noPrototypeKeys' };
    if (/JSON/i.test(message))
        return { field: 'body', rule: 'json' };
    return undefined;
}
function isClientError(status) {
    return status !== undefined && status >= 400 && status < 500;
}
function respond(statusCode, message, errors) {
    const error = common_1.HttpStatus[statusCode]
        ? common_1.HttpStatus[statusCode].toLowerCase().replace(/(^|_)(\w)/g, (_, space, letter) => (space ? ' ' : '') + letter.toUpperCase())
        : 'Error';
    return { statusCode, body: { statusCode, error, message, ...(errors?.length ? { errors } : {}) }, unexpected: false };
}
//# sourceMappingURL=error-response.js.map