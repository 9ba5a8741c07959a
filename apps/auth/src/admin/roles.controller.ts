import { Body, Controller, HttpCode, HttpStatus, NotFoundException, Param, Put, Req, UseGuards } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { CurrentUser, Roles, RolesGuard, SessionService, SessionUser } from '@app/session';
import { UsersRepository } from '../users/users.repository';
import { SetRolesDto } from './dto/set-roles.dto';
import { ParseUserIdPipe } from './parse-user-id.pipe';

/**
 * Role changes. A change of privilege renews the session: the admin's own session gets a new
 * id; the target user's sessions end, so their next sign-in carries the new roles.
 */
@Controller('users')
@UseGuards(RolesGuard)
@Roles('admin')
export class RolesController {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
  ) {}

  @Put(':id/roles')
  @HttpCode(HttpStatus.NO_CONTENT)
  async setRoles(
    @CurrentUser() admin: SessionUser,
    @Param('id', ParseUserIdPipe) id: string,
    @Body() { roles }: SetRolesDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    if (!(await this.users.updateRoles(id, roles))) {
      throw new NotFoundException({
        message: 'No such user',
        errors: [{ field: 'id', rule: 'exists', message: 'id is not a user' }],
      });
    }
    if (id !== admin.id) {
      await this.sessions.destroyAllForUser(id);
      return;
    }
    await this.sessions.destroyAllForUser(id, request);
    await this.sessions.renew(request, { ...admin, roles });
  }
}
