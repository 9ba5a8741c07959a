import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { NoBidiControls, NoInvisibleCharacters, NormalizeText, SingleScriptEmailParts } from './unicode-text';

class Email {
  @NormalizeText({ lowerCase: true })
  @SingleScriptEmailParts()
  @NoInvisibleCharacters()
  @NoBidiControls()
  value: string;
}

class DisplayName {
  @NormalizeText()
  @NoInvisibleCharacters({ allowEmojiSequences: true })
  @NoBidiControls()
  value: string;
}

/** The normalised value and the rules it broke. */
function check<T extends object>(type: new () => T, value: string): { value: unknown; rules: string[] } {
  const instance = plainToInstance(type, { value });
  const rules = validateSync(instance).flatMap((error) => Object.keys(error.constraints ?? {}));
  return { value: (instance as { value?: unknown }).value, rules };
}

describe('unicode text rules', () => {
  it('folds an email to NFKC, trimmed, lower case', () => {
    expect(check(Email, ' Ａｎｎ@Example.COM ')).toEqual({ value: 'ann@example.com', rules: [] });
  });

  it.each([
    ['ann\u200b@example.com', 'noInvisibleCharacters'],
    ['ann@example.com\u2064', 'noInvisibleCharacters'],
    ['an\u00adn@example.com', 'noInvisibleCharacters'],
    ['ann\u202e@example.com', 'noBidiControls'],
    ['ann\u2066@example.com', 'noBidiControls'],
    ['ann@\u0435xample.com', 'singleScript'],
    ['\u0430nn@example.com', 'singleScript'],
  ])('refuses %j (%s)', (email, rule) => {
    expect(check(Email, email).rules).toContain(rule);
  });

  it('accepts an email wholly in one script per part', () => {
    expect(check(Email, '\u0438\u0432\u0430\u043d@example.com').rules).toEqual([]);
  });

  it('names the character it refuses', () => {
    const [error] = validateSync(plainToInstance(DisplayName, { value: 'Ann\u200b' }));
    expect(error.constraints).toEqual({
      noInvisibleCharacters: 'value must not contain invisible characters (found U+200B)',
    });
  });

  it('keeps emoji sequences in a display name, and nothing else invisible', () => {
    expect(check(DisplayName, 'Ann \u{1F469}\u200d\u{1F469}\u200d\u{1F467} \u2764\ufe0f').rules).toEqual([]);
    expect(check(DisplayName, 'Ann\u200d').rules).toEqual(['noInvisibleCharacters']);
    expect(check(DisplayName, 'A\ufe0fnn').rules).toEqual(['noInvisibleCharacters']);
  });
});
