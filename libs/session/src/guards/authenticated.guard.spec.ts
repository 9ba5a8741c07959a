import {
  ExecutionContext,
  ForbiddenException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Roles } from '../decorators/roles.decorator';
import { REQUEST_SESSION } from '../request-session';
import { AuthenticatedGuard } from './authenticated.guard';
import { RolesGuard } from './roles.guard';

class AdminController {
  @Roles('admin')
  purge(): void {}

  open(): void {}
}

// A request as the session plugin leaves it; reading `request.session` would start a session.
const contextFor = (session: object | null | undefined, handler: keyof AdminController = 'purge'): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({
        [REQUEST_SESSION]: session,
        get session(): never {
          throw new Error('a guard started a session');
        },
      }),
    }),
    getHandler: () => AdminController.prototype[handler],
    getClass: () => AdminController,
  }) as unknown as ExecutionContext;

const user = (roles: string[]) => ({ user: { id: 'u1', email: 'a@b.co', roles } });

describe('AuthenticatedGuard', () => {
  const guard = new AuthenticatedGuard();

  it('lets a signed-in session through', () => {
    expect(guard.canActivate(contextFor(user([])))).toBe(true);
  });

  it('answers 401 for an anonymous session or none, without starting one', () => {
    expect(() => guard.canActivate(contextFor({}))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextFor(null))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextFor(undefined))).toThrow(UnauthorizedException);
  });

  it('answers 503 when the store could not be read', () => {
    expect(() => guard.canActivate(contextFor({ storeUnavailable: true }))).toThrow(ServiceUnavailableException);
  });
});

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  it('lets a user holding one of the roles through', () => {
    expect(guard.canActivate(contextFor(user(['user', 'admin'])))).toBe(true);
  });

  it('answers 403 for a user without the role', () => {
    expect(() => guard.canActivate(contextFor(user(['user'])))).toThrow(ForbiddenException);
  });

  it('needs only a signed-in user where no role is named', () => {
    expect(guard.canActivate(contextFor(user([]), 'open'))).toBe(true);
    expect(() => guard.canActivate(contextFor({}, 'open'))).toThrow(UnauthorizedException);
  });
});
