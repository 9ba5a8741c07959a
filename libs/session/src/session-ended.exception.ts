import { UnauthorizedException } from '@nestjs/common';

/**
 * The request's cookie named a signed-in session that has ended (signed out, ended from another
 * device, timed out). On a route that also works without a session, going on anonymously would
 * leave a client that believes it is signed in working on a new, empty session: it is told
 * instead, and the cookie is cleared, so that its next request is anonymous if it wants.
 *
 * @publicApi
 */
export class SessionEndedException extends UnauthorizedException {
  constructor() {
    super('Your session has ended (signed out, here or on another device): sign in again, or go on without the cookie');
  }
}
