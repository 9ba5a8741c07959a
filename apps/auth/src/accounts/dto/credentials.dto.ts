import { Transform } from 'class-transformer';
import { IsDefined, IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

// class-validator checks a property's decorators from the bottom up and the pipe reports the
// first failure, so presence and type come last.

/** Body of `POST /auth/register` and `POST /auth/login`. */
export class CredentialsDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @MaxLength(254)
  @IsEmail()
  @IsString()
  @IsDefined()
  email: string;

  // The upper bound keeps a request from buying seconds of KDF time with a huge password.
  @MaxLength(128)
  @MinLength(8)
  @IsString()
  @IsDefined()
  password: string;
}
