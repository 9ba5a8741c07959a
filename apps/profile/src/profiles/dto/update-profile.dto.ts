import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, ValidateIf } from 'class-validator';
import {
  ApiSchemaRules,
  MaxLength,
  MinLength,
  MULTI_LINE_TEXT,
  NoBidiControls,
  NoInvisibleCharacters,
  NormalizeText,
  SINGLE_LINE_TEXT,
} from '@app/platform';

// Absent is fine; null is not a string and is refused rather than stored.
const IsOptionalButNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/**
 * Body of `PATCH /profile`: every field optional, at least one present, no control characters
 * (a bio may break lines). Checks run bottom-up.
 */
@ApiSchemaRules({ minProperties: 1 })
export class UpdateProfileDto {
  // Shown to others as who this is: one spelling (NFKC), nothing hidden or reordered.
  @ApiPropertyOptional({ pattern: SINGLE_LINE_TEXT })
  @NormalizeText()
  @NoInvisibleCharacters({ allowEmojiSequences: true })
  @NoBidiControls()
  @Matches(new RegExp(SINGLE_LINE_TEXT), { message: 'displayName must not contain control characters or line breaks' })
  @MaxLength(64)
  @MinLength(1)
  @IsString()
  @IsOptionalButNotNull()
  displayName?: string;

  @ApiPropertyOptional({ pattern: MULTI_LINE_TEXT })
  @Matches(new RegExp(MULTI_LINE_TEXT), { message: 'bio must not contain control characters' })
  @MaxLength(500)
  @IsString()
  @IsOptionalButNotNull()
  bio?: string;
}
