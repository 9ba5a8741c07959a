import { IsDefined, IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { NoBidiControls, NoInvisibleCharacters, NormalizeText, SingleScriptEmailParts } from '@app/platform';

// class-validator checks a property's decorators from the bottom up and the pipe reports the
// first failure, so presence and type come last.

/** Body of `POST /auth/register` and `POST /auth/login`. */
export class CredentialsDto {
  // One account per address as people read it: NFKC and lower case, no hidden characters, no
  // letters of two look-alike scripts in one part.
  @NormalizeText({ lowerCase: true })
  @SingleScriptEmailParts()
  @MaxLength(254)
  @IsEmail()
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
