import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { REPLACED_SESSION_DESCRIPTION } from '@app/platform';
import { AuthenticatedGuard, CurrentUser, SessionStoreReachableGuard, SessionUser } from '@app/session';
import { Account, Me } from './dto/account.dto';
import { AccountsService } from './accounts.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CredentialsDto } from './dto/credentials.dto';

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } as const;

@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('register')
  @UseGuards(SessionStoreReachableGuard)
  @ApiOperation({ summary: 'Create an account (does not sign in)' })
  @ApiConflictResponse({ description: 'This email is already registered' })
  @ApiTooManyRequestsResponse({ description: 'Too many registrations from this address', headers: RETRY_AFTER })
  register(@Body() credentials: CredentialsDto, @Req() request: FastifyRequest): Promise<Account> {
    return this.accounts.register(credentials, request);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(SessionStoreReachableGuard)
  @ApiOperation({ summary: 'Sign in: starts a session and sets its cookie' })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password' })
  @ApiConflictResponse({ description: 'The password or roles changed while signing in: sign in again' })
  @ApiConflictResponse({ description: REPLACED_SESSION_DESCRIPTION })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed sign-ins for this email or address',
    headers: RETRY_AFTER,
  })
  login(@Body() credentials: CredentialsDto, @Req() request: FastifyRequest): Promise<Account> {
    return this.accounts.login(credentials, request);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthenticatedGuard)
  @ApiOperation({ summary: 'Sign out: ends this session and clears its cookie' })
  logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.accounts.logout(request, reply);
  }

  /** Answered from the session alone: one Redis read. */
  @Get('me')
  @UseGuards(AuthenticatedGuard)
  @ApiOperation({ summary: 'Who am I: the signed-in user' })
  me(@CurrentUser() user: SessionUser): Me {
    return { id: user.id, email: user.email, roles: user.roles };
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthenticatedGuard)
  @ApiOperation({ summary: 'Change the password: ends every other session of the user' })
  @ApiForbiddenResponse({ description: 'The current password is wrong' })
  @ApiConflictResponse({ description: 'The password or roles changed again meanwhile: sign in again' })
  @ApiTooManyRequestsResponse({
    description: 'Too many wrong passwords for this account or address',
    headers: RETRY_AFTER,
  })
  changePassword(
    @CurrentUser() user: SessionUser,
    @Body() change: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.accounts.changePassword(user, change, request);
  }
}
