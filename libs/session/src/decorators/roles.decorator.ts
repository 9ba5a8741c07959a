import { SetMetadata } from '@nestjs/common';
import { ROLES_METADATA } from '../session.constants';

/**
 * Names the roles of which the signed-in user needs one; enforced by {@link RolesGuard}.
 *
 * @publicApi
 */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_METADATA, roles);
