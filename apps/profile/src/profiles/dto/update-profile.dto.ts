import { IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

// No control characters, which would corrupt logs and terminals; a bio may break lines.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t])*$/u;
// Absent is fine; null is not a string and is refused rather than stored.
const IsOptionalButNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Body of `PATCH /profile`: every field optional, at least one present. */
export class UpdateProfileDto {
  @IsOptionalButNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(SINGLE_LINE, { message: 'displayName must not contain control characters' })
  displayName?: string;

  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(500)
  @Matches(MULTI_LINE, { message: 'bio must not contain control characters' })
  bio?: string;
}
