import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail } from '../errors/error-response';

/**
 * The pipe every app uses: unknown fields are refused, values are converted to the DTO's
 * types, and a failure names each field and the rule it broke.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = errors.flatMap((error) => flatten(error, ''));
      return new BadRequestException({
        message: details.length
          ? `Validation failed: ${details.map((detail) => detail.message).join('; ')}`
          : 'Validation failed: the body must be a JSON object',
        errors: details.length ? details : [{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }],
      });
    },
  });
}

function flatten(error: ValidationError, parent: string): ErrorDetail[] {
  const field = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
    field: field || 'body',
    rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
    message,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
