import { Body, Controller, HttpCode, HttpStatus, NotFoundException, Param, Put, Req, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { CurrentUser, Roles, RolesGuard, SessionService, SessionUser } from '@app/session';
import { UsersRepository } from '../users/users.repository';
import { SetRolesDto } from './dto/set-roles.dto';
import { ParseUserIdPipe } from './parse-user-id.pipe';

/**
 * Role changes. The target user's sessions end, and so does any sign-in of theirs that read the
 * old roles, so their next session carries the new ones; an admin changing their own roles
 * goes on under a new id.
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
  @ApiOperation({ summary: "Set a user's roles (admin): ends the user's sessions" })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'Your own roles or password changed again meanwhile: sign in again' })
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
    // The admin who changes their own roles goes on under a new id with the new roles.
    await this.sessions.revokeCredentials(id, id === admin.id ? request : undefined, { ...admin, roles });
  }
}
