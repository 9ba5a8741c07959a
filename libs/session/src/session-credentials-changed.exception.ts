import { ConflictException } from '@nestjs/common';

/**
 * A sign-in read the user's credentials before a change of password or roles landed: its
 * session would carry what the change took away, so it is refused and nothing is stored.
 *
 * @publicApi
 */
export class SessionCredentialsChangedException extends ConflictException {
  constructor() {
    super('The account changed (password or roles) while signing in; sign in again');
  }
}
