import { ArrayMaxSize, ArrayUnique, IsArray, IsDefined, IsIn } from 'class-validator';

export const KNOWN_ROLES = ['user', 'admin'] as const;

/** Body of `PUT /auth/users/:id/roles`. Checks run bottom-up: presence and type first. */
export class SetRolesDto {
  @IsIn(KNOWN_ROLES, { each: true, message: `each role must be one of: ${KNOWN_ROLES.join(', ')}` })
  @ArrayUnique()
  @ArrayMaxSize(KNOWN_ROLES.length)
  @IsArray()
  @IsDefined()
  roles: string[];
}
