import { ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { SessionService, SessionUser } from '@app/session';
import { AuthThrottle } from '../throttling/auth-throttle.service';
import { PasswordHasher } from '../users/password-hasher.service';
import { UsersRepository } from '../users/users.repository';
import { Account } from './dto/account.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CredentialsDto } from './dto/credentials.dto';

@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly throttle: AuthThrottle,
  ) {}

  async register({ email, password }: CredentialsDto, request: FastifyRequest): Promise<Account> {
    await this.throttle.consumeRegistration(request.ip);
    // Never admin: nothing proves who owns an email. The first admin comes from the operator.
    const user = await this.users.create(email, await this.passwords.hash(password), ['user']);
    if (!user) {
      throw new ConflictException({
        message: 'This email is already registered',
        errors: [{ field: 'email', rule: 'unique', message: 'email is already registered' }],
      });
    }
    return { id: user.id, email: user.email };
  }

  /** Unknown email and wrong password get the same answer, after the same work. */
  async login({ email, password }: CredentialsDto, request: FastifyRequest): Promise<Account> {
    await this.throttle.beginPasswordCheck(email, request.ip);
    const id = await this.users.findIdByEmail(email);
    // Read before the credentials: a change of password or roles after this read refuses the
    // session (409) instead of letting it carry what the change took away.
    const credentialVersion = id ? await this.sessions.credentialVersionOf(id) : 0;
    const user = id ? await this.users.findById(id) : null;
    if (!(await this.passwords.verify(password, user?.passwordHash)) || !user) {
      throw new UnauthorizedException('Invalid email or password');
    }
    await this.throttle.passwordCheckSucceeded(email, request.ip);
    await this.sessions.signIn(request, { id: user.id, email: user.email, roles: user.roles }, credentialVersion);
    return { id: user.id, email: user.email };
  }

  logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.sessions.signOut(request, reply);
  }

  /**
   * Ends every other session of the user, and every sign-in still checking the old password,
   * and gives this one a new id.
   */
  async changePassword(
    user: SessionUser,
    { currentPassword, newPassword }: ChangePasswordDto,
    request: FastifyRequest,
  ): Promise<void> {
    const stored = await this.users.findById(user.id);
    if (!stored) throw new UnauthorizedException('This account no longer exists');
    await this.throttle.beginPasswordCheck(user.email, request.ip);
    if (!(await this.passwords.verify(currentPassword, stored.passwordHash))) {
      throw new ForbiddenException({
        message: 'The current password is wrong',
        errors: [{ field: 'currentPassword', rule: 'matchesCurrent', message: 'currentPassword is wrong' }],
      });
    }
    await this.throttle.passwordCheckSucceeded(user.email, request.ip);
    if (!(await this.users.updatePasswordHash(user.id, stored.passwordHash, await this.passwords.hash(newPassword)))) {
      // Another change, checked against the same current password, won: its revocation ends this session.
      throw new ConflictException('The password changed meanwhile: sign in again');
    }
    await this.sessions.revokeCredentials(user.id, request);
  }
}
