import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { codePointLength, MaxLength, MinLength } from './text-length';

class Name {
  @MaxLength(4)
  @MinLength(2)
  value: unknown;
}

const rulesOf = (value: unknown): string[] =>
  validateSync(plainToInstance(Name, { value })).flatMap((error) => Object.keys(error.constraints ?? {}));

describe('text length rules', () => {
  it('counts code points, as JSON Schema does: a surrogate pair is one, a variation selector one more', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('ann')).toBe(3);
    expect(codePointLength('\u{1F600}')).toBe(1);
    expect(codePointLength('\u2764\ufe0f')).toBe(2);
    expect(codePointLength('\ud800x')).toBe(2);
    expect(codePointLength('x\ud800')).toBe(2);
  });

  it('refuses what the document refuses, with the rules minLength and maxLength', () => {
    expect(rulesOf('ab')).toEqual([]);
    expect(rulesOf('\u{1F600}\u{1F600}\u{1F600}\u{1F600}')).toEqual([]);
    expect(rulesOf('\u2764\ufe0f\u2764\ufe0f\u2764\ufe0f')).toEqual(['maxLength']);
    expect(rulesOf('a\ufe0f')).toEqual([]);
    expect(rulesOf('\u{1F600}')).toEqual(['minLength']);
    expect(rulesOf(42)).toEqual(expect.arrayContaining(['minLength', 'maxLength']));
  });

  it('says which limit, in the words of class-validator', () => {
    const [error] = validateSync(plainToInstance(Name, { value: 'abcde' }));
    expect(error.constraints).toEqual({ maxLength: 'value must be shorter than or equal to 4 characters' });
  });
});
