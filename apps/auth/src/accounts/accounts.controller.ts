import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedGuard, CurrentUser, SessionUser } from '@app/session';
import { Account, Me } from './account.interface';
import { AccountsService } from './accounts.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CredentialsDto } from './dto/credentials.dto';

@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('register')
  register(@Body() credentials: CredentialsDto, @Req() request: FastifyRequest): Promise<Account> {
    return this.accounts.register(credentials, request);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  login(@Body() credentials: CredentialsDto, @Req() request: FastifyRequest): Promise<Account> {
    return this.accounts.login(credentials, request);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthenticatedGuard)
  logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.accounts.logout(request, reply);
  }

  /** Answered from the session alone: one Redis read. */
  @Get('me')
  @UseGuards(AuthenticatedGuard)
  me(@CurrentUser() user: SessionUser): Me {
    return { id: user.id, email: user.email, roles: user.roles };
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthenticatedGuard)
  changePassword(
    @CurrentUser() user: SessionUser,
    @Body() change: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.accounts.changePassword(user, change, request);
  }
}
