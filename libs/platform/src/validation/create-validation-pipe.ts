import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, fieldPath } from '../errors/error-response';
import { ValidationFailedException } from '../errors/validation-failed.exception';

/**
 * The pipe every app uses: unknown fields are refused, values are converted to the DTO's
 * types, and a failure names each field and the rule it broke.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = errors.flatMap((error) => flatten(error, ''));
      return details.length ? new ValidationFailedException(details) : notAnObject();
    },
  });
}

/**
 * Refuses a body that is not an object (an array, a string, `null`) as such, where the pipe
 * would validate it as an empty one; and refuses, as unknown fields, the names class-transformer
 * leaves out of the DTO it builds before the whitelist sees them: those of a method or getter of
 * the DTO or of every object (`toString`, `constructor`). Unrefused, `{"toString": 1}` would
 * pass as an empty body.
 */
class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) {
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (metadata.type === 'body' && value !== undefined && !isObject) return Promise.reject(notAnObject());
      const field = inheritedNameIn(value, metadata.metatype.prototype as object, '');
      if (field !== undefined) {
        const message = `property ${field} should not exist`;
        return Promise.reject(new ValidationFailedException([{ field, rule: 'unknownField', message }]));
      }
    }
    return super.transform(value, metadata);
  }
}

/** The path of the first key of `value` (at any depth) that `prototype`, then `Object.prototype`, has. */
function inheritedNameIn(value: unknown, prototype: object, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = fieldPath(path, key, Array.isArray(value));
    if (!Array.isArray(value) && key in prototype) return itemPath;
    const found = inheritedNameIn(item, Object.prototype, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

const notAnObject = (): ValidationFailedException =>
  new ValidationFailedException(
    [{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }],
    'the body must be a JSON object',
  );

function flatten(error: ValidationError, parent: string): ErrorDetail[] {
  const field = fieldPath(parent, error.property);
  const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
    field: field || 'body',
    rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
    message,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
