import { ServiceUnavailableException } from '@nestjs/common';

/**
 * The session store cannot be reached, so whether the client is signed in is unknown.
 *
 * @publicApi
 */
export class SessionUnavailableException extends ServiceUnavailableException {
  constructor() {
    super('Sessions are unavailable right now (the session store cannot be reached); retry shortly');
  }
}
