import { IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { NoBidiControls, NoInvisibleCharacters, NormalizeText } from '@app/platform';

// No control characters, which would corrupt logs and terminals; a bio may break lines.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t])*$/u;
// Absent is fine; null is not a string and is refused rather than stored.
const IsOptionalButNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Body of `PATCH /profile`: every field optional, at least one present. Checks run bottom-up. */
export class UpdateProfileDto {
  // Shown to others as who this is: one spelling (NFKC), nothing hidden or reordered.
  @NormalizeText()
  @NoInvisibleCharacters({ allowEmojiSequences: true })
  @NoBidiControls()
  @Matches(SINGLE_LINE, { message: 'displayName must not contain control characters' })
  @MaxLength(64)
  @MinLength(1)
  @IsString()
  @IsOptionalButNotNull()
  displayName?: string;

  @Matches(MULTI_LINE, { message: 'bio must not contain control characters' })
  @MaxLength(500)
  @IsString()
  @IsOptionalButNotNull()
  bio?: string;
}
