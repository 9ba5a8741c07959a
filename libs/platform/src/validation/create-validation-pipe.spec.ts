import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { createValidationPipe } from './create-validation-pipe';

class NameDto {
  @IsString()
  name: string;

  @IsOptional()
  @IsInt()
  age?: number;

  get label(): string {
    return this.name;
  }
}

const body: ArgumentMetadata = { type: 'body', metatype: NameDto };

/** What the pipe answers for `value`: the value it passes on, or the details of its 400. */
async function validate(value: unknown, metadata = body): Promise<unknown> {
  try {
    return await createValidationPipe().transform(value, metadata);
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { errors: unknown }).errors;
  }
}

describe('createValidationPipe', () => {
  it('passes a valid body on as the DTO', async () => {
    expect(await validate({ name: 'Ann', age: 3 })).toEqual(Object.assign(new NameDto(), { name: 'Ann', age: 3 }));
  });

  it('refuses an unknown field, naming it', async () => {
    expect(await validate({ name: 'Ann', nickname: 'A' })).toEqual([
      { field: 'nickname', rule: 'unknownField', message: 'property nickname should not exist' },
    ]);
  });

  it('refuses as unknown the fields named like a method or getter, which class-transformer would drop unseen', async () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'label']) {
      expect(await validate({ name: 'Ann', [name]: 1 })).toEqual([
        { field: name, rule: 'unknownField', message: `property ${name} should not exist` },
      ]);
    }
    expect(await validate({ name: 'Ann', nested: [{ toString: 1 }] })).toEqual([
      { field: 'nested[0].toString', rule: 'unknownField', message: 'property nested[0].toString should not exist' },
    ]);
    const query: ArgumentMetadata = { type: 'query', metatype: NameDto };
    expect(await validate(Object.assign(Object.create(null), { name: 'Ann', constructor: '1' }), query)).toEqual([
      { field: 'constructor', rule: 'unknownField', message: 'property constructor should not exist' },
    ]);
  });

  it('refuses a body that is not an object as such, and takes no body as an empty one', async () => {
    for (const value of [[], [{ name: 'Ann' }], 'Ann', 3, null]) {
      expect(await validate(value)).toEqual([
        { field: 'body', rule: 'isObject', message: 'body must be a JSON object' },
      ]);
    }
    expect(await validate(undefined)).toEqual([{ field: 'name', rule: 'isString', message: 'name must be a string' }]);
  });
});
