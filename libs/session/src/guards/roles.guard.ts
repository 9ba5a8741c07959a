import { ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { ROLES_METADATA } from '../session.constants';
import { AuthenticatedGuard } from './authenticated.guard';

/**
 * Lets a signed-in user through when they hold one of the roles named by `@Roles()` on the
 * handler or its controller; 403 otherwise. Without `@Roles()` any signed-in user passes.
 *
 * @publicApi
 */
@Injectable()
export class RolesGuard extends AuthenticatedGuard {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean {
    super.canActivate(context);
    const required = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const user = this.getUser(context.switchToHttp().getRequest<FastifyRequest>())!;
    if (!required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`Needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
