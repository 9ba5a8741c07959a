import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedGuard, CurrentUser, SessionService, SessionUser } from '@app/session';
import { LogoutAllQueryDto } from './dto/logout-all-query.dto';
import { SessionView } from './dto/session-view.dto';

/** The signed-in user's sessions: list them, end one, end them all. */
@Controller()
@UseGuards(AuthenticatedGuard)
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Get('sessions')
  @ApiOperation({ summary: "The user's sessions (devices), the current one marked" })
  async list(@CurrentUser() user: SessionUser, @Req() request: FastifyRequest): Promise<SessionView[]> {
    const current = this.sessions.publicIdOf(request);
    return (await this.sessions.listForUser(user.id)).map((session) => ({
      ...session,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      current: session.id === current,
    }));
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "End one of the user's sessions (this one signs out)" })
  @ApiNotFoundResponse({ description: 'You have no session with this id' })
  async revoke(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (id === this.sessions.publicIdOf(request)) return this.sessions.signOut(request, reply);
    if (!(await this.sessions.destroyForUser(user.id, id))) {
      throw new NotFoundException({
        message: 'You have no session with this id',
        errors: [{ field: 'id', rule: 'ownSession', message: 'id is not one of your sessions' }],
      });
    }
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out everywhere: every session of the user, or every other one' })
  async logoutAll(
    @CurrentUser() user: SessionUser,
    @Query() query: LogoutAllQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.destroyAllForUser(user.id, request);
    if (query.keepCurrent !== 'true') await this.sessions.signOut(request, reply);
  }
}
