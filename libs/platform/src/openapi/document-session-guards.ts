import { INestApplication, Type } from '@nestjs/common';
import { GUARDS_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthenticatedGuard, ROLES_METADATA } from '@app/session';
import { OPTIONAL_SESSION_METADATA, REPLACED_SESSION_DESCRIPTION, SESSION_SECURITY_SCHEME } from './openapi.constants';

/**
 * Marks in the OpenAPI document every route that a session guard protects, read from the
 * guards themselves so that the document cannot disagree with them: `AuthenticatedGuard` (and
 * its subclasses, such as `RolesGuard`) adds the session cookie as the route's security
 * requirement and its 401, 409 and 503 answers; `@Roles()` adds the 403 naming the roles. The
 * routes of `@ApiOptionalSession()` get their 401 and 409. Set on each route, these join a
 * description the route gives the same status rather than replace it.
 */
export function documentSessionGuards(app: INestApplication): void {
  const reflector = app.get(Reflector);
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (metatype) documentController(metatype as Type, reflector);
    }
  }
}

function documentController(controller: Type, reflector: Reflector): void {
  const prototype = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    // The class itself carries the controller's path; only its methods are routes.
    if (name === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
    const handler: unknown = descriptor.value;
    if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
    const guards: unknown[] = [
      ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []),
      ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
    ];
    const decorators: MethodDecorator[] = [];
    if (guards.some(isSessionGuard)) {
      decorators.push(
        ApiCookieAuth(SESSION_SECURITY_SCHEME),
        ApiUnauthorizedResponse({ description: 'No signed-in session' }),
        ApiConflictResponse({ description: REPLACED_SESSION_DESCRIPTION }),
        ApiServiceUnavailableResponse({ description: 'The session store (Redis) is unavailable' }),
      );
      const roles = reflector.getAllAndOverride<string[] | undefined>(ROLES_METADATA, [handler, controller]);
      if (roles?.length)
        decorators.push(ApiForbiddenResponse({ description: `Needs one of the roles: ${roles.join(', ')}` }));
    } else if (reflector.getAllAndOverride<boolean | undefined>(OPTIONAL_SESSION_METADATA, [handler, controller])) {
      decorators.push(
        ApiUnauthorizedResponse({
          description:
            'The cookie names a signed-in session that has ended; it is cleared, and the route works without it',
        }),
        ApiConflictResponse({ description: REPLACED_SESSION_DESCRIPTION }),
      );
    }
    for (const decorate of decorators) decorate(prototype, name, descriptor);
  }
}

/** A guard class or instance that is `AuthenticatedGuard` or extends it. */
function isSessionGuard(guard: unknown): boolean {
  const type = typeof guard === 'function' ? guard : (guard as object | undefined)?.constructor;
  return type === AuthenticatedGuard || (typeof type === 'function' && type.prototype instanceof AuthenticatedGuard);
}
