import { ConflictException } from '@nestjs/common';

/**
 * The request's cookie named a session that a sign-in or a renewal of its id (a change of
 * password or roles) replaced while the request was on its way: the client holds the new
 * cookie, or is about to. The old id grants nothing, and the answer sets and clears no cookie,
 * so it cannot undo the one the client got; sent again, the request carries the new cookie.
 *
 * @publicApi
 */
export class SessionReplacedException extends ConflictException {
  constructor() {
    const message =
      'This request carried the cookie of a session replaced by a new one (a sign-in, or a renewal of its id) ' +
      'while it was on its way: send it again with the current cookie';
    super({ message, errors: [{ field: 'cookie', rule: 'currentSession', message }] });
  }
}
