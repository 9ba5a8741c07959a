import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ApiSchemaRules, NoBidiControls, NoInvisibleCharacters, NormalizeText } from '@app/platform';

// No control characters (Unicode category Cc), which would corrupt logs and terminals; a bio may
// break lines. Written as ranges, not \p{Cc}, so that the OpenAPI pattern means the same in any
// client's regular expressions.
const SINGLE_LINE = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';
const MULTI_LINE = '^(?:[^\\u0000-\\u001f\\u007f-\\u009f]|[\\n\\t])*$';

// Absent is fine; null is not a string and is refused rather than stored.
const IsOptionalButNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Body of `PATCH /profile`: every field optional, at least one present. Checks run bottom-up. */
@ApiSchemaRules({ minProperties: 1 })
export class UpdateProfileDto {
  // Shown to others as who this is: one spelling (NFKC), nothing hidden or reordered.
  @ApiPropertyOptional({ pattern: SINGLE_LINE })
  @NormalizeText()
  @NoInvisibleCharacters({ allowEmojiSequences: true })
  @NoBidiControls()
  @Matches(new RegExp(SINGLE_LINE), { message: 'displayName must not contain control characters' })
  @MaxLength(64)
  @MinLength(1)
  @IsString()
  @IsOptionalButNotNull()
  displayName?: string;

  @ApiPropertyOptional({ pattern: MULTI_LINE })
  @Matches(new RegExp(MULTI_LINE), { message: 'bio must not contain control characters' })
  @MaxLength(500)
  @IsString()
  @IsOptionalButNotNull()
  bio?: string;
}
