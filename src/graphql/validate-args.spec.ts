import 'reflect-metadata';
import { IsInt, Length, Max, ValidateNested } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { validateArgs } from './validate-args';

class Title {
  @Length(1, 5)
  title!: string;
}

class Wrapper {
  @ValidateNested()
  inner!: Title;
}

class Inherited extends Title {
  note?: string;
}

class Page {
  first?: number;
  after?: string;
}

class Limited {
  @IsInt()
  @Max(10)
  first?: number;
}

function of<T extends object>(type: new () => T, values: Partial<T>): T {
  return Object.assign(new type(), values);
}

async function failure(value: unknown): Promise<ArgumentValidationError> {
  try {
    await validateArgs(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ArgumentValidationError);
    return error as ArgumentValidationError;
  }
  throw new Error('expected a validation error');
}

describe('validateArgs', () => {
  it('passes values that keep the rules, and classes, scalars and nulls that have none', async () => {
    await expect(validateArgs(of(Title, { title: 'abc' }))).resolves.toBeUndefined();
    await expect(validateArgs(of(Page, { first: 100000, after: '' }))).resolves.toBeUndefined();
    await expect(validateArgs(null)).resolves.toBeUndefined();
    await expect(validateArgs('text')).resolves.toBeUndefined();
    // Missing properties are not checked (type-graphql's default).
    await expect(validateArgs(of(Limited, {}))).resolves.toBeUndefined();
  });

  it('rejects a broken rule with the property, inherited and nested rules too', async () => {
    const direct = await failure(of(Title, { title: 'too long' }));
    expect(direct.extensions.validationErrors.map((e) => e.property)).toEqual(['title']);
    const inherited = await failure(of(Inherited, { title: '' }));
    expect(inherited.extensions.validationErrors.map((e) => e.property)).toEqual(['title']);
    const nested = await failure(of(Wrapper, { inner: of(Title, { title: 'too long' }) }));
    expect(nested.extensions.validationErrors[0].property).toBe('inner');
    expect(nested.extensions.validationErrors[0].children?.[0].property).toBe('title');
    const limited = await failure(of(Limited, { first: 11 }));
    expect(limited.extensions.validationErrors[0].constraints).toHaveProperty('max');
  });

  it('checks each object of a list', async () => {
    await expect(
      validateArgs([of(Title, { title: 'a' }), of(Title, { title: 'b' }), 'x']),
    ).resolves.toBeUndefined();
    const error = await failure([of(Title, { title: 'a' }), of(Title, { title: 'too long' })]);
    expect(error.extensions.validationErrors.map((e) => e.value)).toEqual(['too long']);
  });
});
