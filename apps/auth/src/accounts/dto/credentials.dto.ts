import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

/** Body of `POST /auth/register` and `POST /auth/login`. */
export class CredentialsDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  // The upper bound keeps a request from buying seconds of KDF time with a huge password.
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;
}
