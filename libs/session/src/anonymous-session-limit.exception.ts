import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * 429: the client's address started as many anonymous sessions as it may in the window (see
 * `anonymousSessionsPerHour`). `retryAfterSeconds` becomes the `Retry-After` header.
 *
 * @publicApi
 */
export class AnonymousSessionLimitException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many new sessions from this address: try again later', HttpStatus.TOO_MANY_REQUESTS);
  }
}
