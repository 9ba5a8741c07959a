import { Injectable } from '@nestjs/common';
import { normalizeEmail } from '@app/platform';
import { SessionService } from '@app/session';
import { UsersRepository } from '../users/users.repository';

/** What a grant or revocation did. */
export interface RoleChange {
  userId: string;
  email: string;
  roles: string[];
  /**
   * `false` when the account already had (or lacked) the role: nothing was written. When
   * `true`, the account's sessions ended, so that its next sign-in carries the new roles.
   */
  changed: boolean;
}

/**
 * Roles given by the operator, from inside the deployment (the auth image's `cli.js`): the
 * first admin cannot come from the API, since registration never grants admin.
 */
@Injectable()
export class RoleGrants {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
  ) {}

  /** `null` when no account has this email. */
  grant(email: string, role: string): Promise<RoleChange | null> {
    return this.change(email, (roles) => (roles.includes(role) ? roles : [...roles, role]));
  }

  /** `null` when no account has this email. */
  revoke(email: string, role: string): Promise<RoleChange | null> {
    return this.change(email, (roles) => roles.filter((held) => held !== role));
  }

  private async change(email: string, update: (roles: string[]) => string[]): Promise<RoleChange | null> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    if (!user) return null;
    const roles = update(user.roles);
    if (roles.length === user.roles.length) {
      return { userId: user.id, email: user.email, roles, changed: false };
    }
    // As `PUT /auth/users/:id/roles` does: the account's sessions, and its sign-ins still
    // running, end with its old roles.
    if (!(await this.users.updateRoles(user.id, roles))) return null;
    await this.sessions.revokeCredentials(user.id);
    return { userId: user.id, email: user.email, roles, changed: true };
  }
}
