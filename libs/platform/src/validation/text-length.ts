import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The length of `text` in code points, as JSON Schema's `minLength` and `maxLength` count it:
 * a surrogate pair is one character, a variation selector another. validator.js (behind
 * class-validator's own `MaxLength`) leaves variation selectors out, so 64 "❤️" (128 code points)
 * would pass a documented `maxLength: 64`.
 */
export function codePointLength(text: string): number {
  let length = 0;
  // A string's iterator goes by code point (a lone surrogate is one).
  for (const _ of text) length++;
  return length;
}

/**
 * A string of at least `min` characters (code points, see {@link codePointLength}); rule
 * `minLength`. In place of class-validator's, under the same name, which the OpenAPI plugin
 * reads as the schema's `minLength`.
 *
 * @publicApi
 */
export const MinLength = (min: number, validationOptions?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'minLength',
      constraints: [min],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePointLength(value) >= min,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be longer than or equal to $constraint1 characters`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );

/**
 * A string of at most `max` characters (code points, see {@link codePointLength}); rule
 * `maxLength`. In place of class-validator's, under the same name, which the OpenAPI plugin
 * reads as the schema's `maxLength`.
 *
 * @publicApi
 */
export const MaxLength = (max: number, validationOptions?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePointLength(value) <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be shorter than or equal to $constraint1 characters`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
