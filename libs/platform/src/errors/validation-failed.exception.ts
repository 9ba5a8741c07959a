import { BadRequestException } from '@nestjs/common';
import { ErrorDetail } from './error-response';

/**
 * 400 naming each field and the rule it broke, with the message `Validation failed: ` and the
 * details' messages (or `summary`).
 *
 * @publicApi
 */
export class ValidationFailedException extends BadRequestException {
  constructor(details: ErrorDetail[], summary = details.map((detail) => detail.message).join('; ')) {
    super({ message: `Validation failed: ${summary}`, errors: details });
  }
}
