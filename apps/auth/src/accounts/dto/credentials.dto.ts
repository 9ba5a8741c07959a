import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, Matches } from 'class-validator';
import {
  MaxLength,
  MinLength,
  NoBidiControls,
  NoInvisibleCharacters,
  NormalizeText,
  SINGLE_LINE_TEXT,
  SingleScriptEmailParts,
} from '@app/platform';

// class-validator checks a property's decorators from the bottom up and the pipe reports the
// first failure, so presence and type come last.

/** Body of `POST /auth/register` and `POST /auth/login`. */
export class CredentialsDto {
  // One account per address as people read it: NFKC and lower case, no hidden characters, no
  // letters of two look-alike scripts in one part. No control characters either, which an email
  // may hold in a quoted local part, and which would reach logs and the default display name.
  @ApiProperty({ pattern: SINGLE_LINE_TEXT })
  @NormalizeText({ lowerCase: true })
  @SingleScriptEmailParts()
  @MaxLength(254)
  @IsEmail()
  @Matches(new RegExp(SINGLE_LINE_TEXT), { message: 'email must not contain control characters or line breaks' })
  @NoInvisibleCharacters()
  @NoBidiControls()
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
