import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';

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
