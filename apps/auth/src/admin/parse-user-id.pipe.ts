import { ArgumentMetadata, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from '@app/platform';

/**
 * A user id is a UUID (v4); anything else is a 400 before it reaches a Redis key, where
 * `email:ann@example.com` would name the email index, a key of another type. A UUID may be
 * written in either case; ids are stored in lower case, as `randomUUID` makes them.
 */
@Injectable()
export class ParseUserIdPipe extends ParseUUIDPipe {
  constructor() {
    super({
      version: '4',
      exceptionFactory: () =>
        new ValidationFailedException([{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }]),
    });
  }

  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await super.transform(value, metadata))!.toLowerCase();
  }
}
