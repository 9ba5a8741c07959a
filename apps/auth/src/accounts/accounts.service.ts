import { ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { SessionService } from '@app/session';
import { PasswordHasher } from '../users/password-hasher.service';
import { UsersRepository } from '../users/users.repository';
import { Account } from './account.interface';
import { CredentialsDto } from './dto/credentials.dto';

const DEFAULT_ROLES = ['user'];

@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  async register({ email, password }: CredentialsDto): Promise<Account> {
    const user = await this.users.create(email, await this.passwords.hash(password), DEFAULT_ROLES);
    if (!user) throw new ConflictException({ message: 'This email is already registered', errors: [{ field: 'email', rule: 'unique', message: 'email is already registered' }] });
    return { id: user.id, email: user.email };
  }

  /** Unknown email and wrong password get the same answer, after the same work. */
  async login({ email, password }: CredentialsDto, request: FastifyRequest): Promise<Account> {
    const user = await this.users.findByEmail(email);
    if (!(await this.passwords.verify(password, user?.passwordHash)) || !user) {
      throw new UnauthorizedException('Invalid email or password');
    }
    await this.sessions.signIn(request, { id: user.id, email: user.email, roles: user.roles });
    return { id: user.id, email: user.email };
  }

  logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.sessions.signOut(request, reply);
  }
}
