import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

// Text that names someone (an email, a display name) must look like what it is: a look-alike
// of another account's must not be a second account. NFKC folds compatibility forms (fullwidth
// letters, ligatures) into one spelling; what it cannot fold is refused below.

// Characters that show nothing (zero-width spaces and joiners, U+2060-U+2064, U+FEFF, soft
// hyphens, variation selectors: Unicode's Default_Ignorable_Code_Point) ...
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
// ... and the controls that reorder what is shown (U+202A-U+202E, U+2066-U+2069, U+200E/F).
const BIDI_CONTROL = /\p{Bidi_Control}/u;
// Emoji sequences use a zero-width joiner and variation selectors between pictographs; a display
// name may keep those, and only those.
const EMOJI_JOINERS =
  /(?<=\p{Extended_Pictographic}[\u{FE0E}\u{FE0F}]?)\u{200D}(?=\p{Extended_Pictographic})|(?<=\p{Extended_Pictographic})[\u{FE0E}\u{FE0F}]/gu;
// The scripts whose letters pass for each other (Latin `e`, Cyrillic `е`, Greek `ε`).
const LOOK_ALIKE_SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee'].map(
  (script) => new RegExp(`\\p{Script=${script}}`, 'u'),
);

/**
 * No control characters (Unicode category Cc), which would corrupt logs and terminals, nor the
 * line and paragraph separators (U+2028, U+2029): the pattern of a one-line text, for `@Matches`
 * and the OpenAPI `pattern`. Written as ranges, not \p{Cc}, so that it means the same in any
 * client's regular expressions.
 *
 * @publicApi
 */
export const SINGLE_LINE_TEXT = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$';

/**
 * No control characters, but line breaks (`\n`, U+2028, U+2029) and tabs (a bio).
 *
 * @publicApi
 */
export const MULTI_LINE_TEXT = '^(?:[^\\u0000-\\u001f\\u007f-\\u009f]|[\\n\\t])*$';

/** NFKC: one spelling for text that displays the same. */
export const normalizeText = (value: string): string => value.normalize('NFKC');

/** NFKC, trimmed, lower case: the one form an email is stored and looked up in. */
export const normalizeEmail = (value: string): string => value.normalize('NFKC').trim().toLowerCase();

/** `U+200B`: how a refused character is named in a message. */
const codePoint = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Normalises a string property (`lowerCase` for emails: {@link normalizeEmail}) before it is
 * validated; anything else is left for the type checks to refuse.
 *
 * @publicApi
 */
export const NormalizeText = (options: { lowerCase?: boolean } = {}): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (options.lowerCase ? normalizeEmail : normalizeText)(value) : value,
  );

/**
 * Refuses bidirectional controls (rule `noBidiControls`), which make text display in another
 * order than it is stored.
 *
 * @publicApi
 */
export const NoBidiControls = (validationOptions?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'noBidiControls',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !BIDI_CONTROL.test(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args!.property} must not contain bidirectional controls (found ${codePoint(BIDI_CONTROL.exec(String(args!.value))![0])})`,
      },
    },
    validationOptions,
  );

/**
 * Refuses characters that display as nothing (rule `noInvisibleCharacters`); with
 * `allowEmojiSequences`, the joiners inside an emoji sequence are kept.
 *
 * @publicApi
 */
export const NoInvisibleCharacters = (
  options: { allowEmojiSequences?: boolean } = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator => {
  const visible = (value: string): string => (options.allowEmojiSequences ? value.replace(EMOJI_JOINERS, '') : value);
  return ValidateBy(
    {
      name: 'noInvisibleCharacters',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !INVISIBLE.test(visible(value)),
        defaultMessage: (args?: ValidationArguments) =>
          `${args!.property} must not contain invisible characters (found ${codePoint(INVISIBLE.exec(visible(String(args!.value)))![0])})`,
      },
    },
    validationOptions,
  );
};

/**
 * Refuses an email whose local part or domain mixes letters of scripts that pass for each other
 * (rule `singleScript`): `ann@exаmple.com` with a Cyrillic `а`. Wholly Cyrillic or Greek parts
 * are fine.
 *
 * @publicApi
 */
export const SingleScriptEmailParts = (validationOptions?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'singleScript',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || emailParts(value).every(isSingleScript),
        defaultMessage: (args?: ValidationArguments) =>
          `${args!.property} must not mix Latin, Cyrillic, Greek, Armenian or Cherokee letters within its name or its domain`,
      },
    },
    validationOptions,
  );

function emailParts(email: string): string[] {
  const at = email.lastIndexOf('@');
  return at === -1 ? [email] : [email.slice(0, at), email.slice(at + 1)];
}

const isSingleScript = (text: string): boolean => LOOK_ALIKE_SCRIPTS.filter((script) => script.test(text)).length <= 1;
