import { IsDefined, IsString } from 'class-validator';
import { MaxLength, MinLength } from '@app/platform';

/** Body of `POST /auth/password`. Checks run bottom-up: presence and type first. */
export class ChangePasswordDto {
  @MaxLength(128)
  @IsString()
  @IsDefined()
  currentPassword: string;

  @MaxLength(128)
  @MinLength(8)
  @IsString()
  @IsDefined()
  newPassword: string;
}
