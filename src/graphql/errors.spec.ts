import { GraphQLError } from 'graphql';
import { ConflictError, ValidationError } from '../common/errors';
import { makeFormatError } from './errors';

function format(original: Error, extensions: Record<string, unknown> = {}) {
  const logged: unknown[] = [];
  const wrapped = new GraphQLError(original.message, { originalError: original, path: ['x'], extensions });
  const out = makeFormatError((_m, e) => logged.push(e))(wrapped.toJSON(), wrapped);
  return { out, logged };
}

describe('formatError', () => {
  it('masks unknown errors: no SQL, stack or driver text, but logs them', () => {
    const { out, logged } = format(
      new Error('insert into "actor" ("slug") values ($1) - duplicate key, at pg-protocol'),
    );
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toHaveLength(1);
  });

  it('keeps domain error codes and the offending fields', () => {
    const { out } = format(new ValidationError('bad', ['input.title']));
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['input.title'] });
    expect(format(new ConflictError()).out.extensions).toEqual({ code: 'CONFLICT' });
  });

  it('derives fields from GraphQL variable coercion messages and drops stack traces', () => {
    const err = new GraphQLError(
      'Variable "$input" got invalid value "x" at "input.url"; Expected type "URL".',
      {
        extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at secret.ts:1'] },
      },
    );
    const out = makeFormatError(() => undefined)(err.toJSON(), err);
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['input.url'] });
  });
});
