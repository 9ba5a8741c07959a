import type { SchemaObject } from '@nestjs/swagger';

/** Component names of the error body, the same for every app (see `toErrorResponse`). */
export const ERROR_RESPONSE_SCHEMA = 'ErrorResponse';
export const ERROR_DETAIL_SCHEMA = 'ErrorDetail';

/** The body of every error response, as `ErrorResponseBody` in `errors/error-response.ts` types it. */
export const ERROR_RESPONSE_SCHEMAS: Record<string, SchemaObject> = {
  [ERROR_DETAIL_SCHEMA]: {
    type: 'object',
    description:
      'One problem with the request: the field (body, a body property, a header, a parameter) and the rule it broke.',
    properties: {
      field: { type: 'string', example: 'email' },
      rule: { type: 'string', example: 'isEmail' },
      message: { type: 'string', example: 'email must be an email' },
    },
    required: ['field', 'rule', 'message'],
    additionalProperties: false,
  },
  [ERROR_RESPONSE_SCHEMA]: {
    type: 'object',
    description: 'Every error response: the status, its name, a message for people and, when known, what to fix.',
    properties: {
      statusCode: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
      error: { type: 'string', example: 'Bad Request' },
      message: { type: 'string', example: 'Validation failed: email must be an email' },
      errors: { type: 'array', items: { $ref: `#/components/schemas/${ERROR_DETAIL_SCHEMA}` } },
    },
    required: ['statusCode', 'error', 'message'],
    additionalProperties: false,
  },
};
