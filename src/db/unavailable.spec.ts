import { DriverException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from './unavailable';

/** An error as the pg driver raises it: a message and, for server errors, the SQLSTATE in `code`. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['administrator shutdown', pgError('terminating connection due to administrator command', '57P01')],
    ['crash shutdown', pgError('terminating connection because of crash of another server process', '57P02')],
    ['server starting up', pgError('the database system is starting up', '57P03')],
    ['too many connections', pgError('sorry, too many clients already', '53300')],
    ['connection failure', pgError('connection failure', '08006')],
    ['connection ended', pgError('Connection terminated unexpectedly')],
    ['connect timeout', pgError('timeout exceeded when trying to connect')],
    [
      'pool timeout',
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
        name: 'KnexTimeoutError',
      }),
    ],
  ])('recognises %s, also wrapped by MikroORM and graphql-js', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new DriverException(error))).toBe(true);
    expect(
      isDatabaseUnavailable(new GraphQLError('wrapped', { originalError: new DriverException(error) })),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: error }))).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value violates unique constraint', '23505')],
    ['a statement timeout', pgError('canceling statement due to statement timeout', '57014')],
    ['a syntax error', pgError('syntax error at or near "x"', '42601')],
    ['an invalid text value', pgError('invalid byte sequence for encoding "UTF8": 0x00', '22021')],
    ['a plain error', new Error('Something else')],
    ['no error at all', undefined],
  ])('does not mistake %s for an outage', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
