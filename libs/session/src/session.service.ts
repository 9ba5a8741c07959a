import { Inject, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RESOLVED_SESSION_OPTIONS } from './session.constants';
import { SessionUser } from './session-data.interface';
import { ResolvedSessionOptions } from './session-options.interface';
import { SessionUnavailableException } from './session-unavailable.exception';

// Values of the anonymous session that live on after sign-in (the cart is merged later).
const KEPT_ON_SIGN_IN = ['cartId'];

/**
 * Signs clients in and out.
 *
 * @publicApi
 */
@Injectable()
export class SessionService {
  constructor(@Inject(RESOLVED_SESSION_OPTIONS) private readonly options: ResolvedSessionOptions) {}

  /**
   * Starts a signed-in session under a new id (the old key is deleted, so a session id fixed
   * before sign-in is worthless after it). The write happens when the response is sent.
   */
  async signIn(request: FastifyRequest, user: SessionUser): Promise<void> {
    this.assertAvailable(request);
    await request.session.regenerate(KEPT_ON_SIGN_IN);
    request.session.user = { id: user.id, email: user.email, roles: [...user.roles] };
  }

  /** Ends the session server-side and clears the cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    this.assertAvailable(request);
    await request.session.destroy();
    reply.clearCookie(this.options.cookieName, { path: this.options.cookiePath });
  }

  private assertAvailable(request: FastifyRequest): void {
    if (request.session?.storeUnavailable) throw new SessionUnavailableException();
  }
}
