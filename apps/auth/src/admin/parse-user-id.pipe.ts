import { BadRequestException, Injectable, ParseUUIDPipe } from '@nestjs/common';

/**
 * A user id is a UUID (v4); anything else is a 400 before it reaches a Redis key, where
 * `email:ann@example.com` would name the email index, a key of another type.
 */
@Injectable()
export class ParseUserIdPipe extends ParseUUIDPipe {
  constructor() {
    super({
      version: '4',
      exceptionFactory: () =>
        new BadRequestException({
          message: 'Validation failed: id must be a UUID',
          errors: [{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }],
        }),
    });
  }
}
