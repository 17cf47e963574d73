import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { isStorableDate } from './input-checks';

/**
 * A graphql-scalars date scalar that also refuses dates PostgreSQL cannot store (year 0, years
 * past 9999): as invalid variables or literals, so BAD_USER_INPUT instead of a database error.
 * Name, description and specification URL stay those of graphql-scalars.
 */
function storableDates(base: GraphQLScalarType): GraphQLScalarType {
  const config = base.toConfig();
  const check = (value: unknown): unknown => {
    if (value instanceof Date && !isStorableDate(value)) {
      throw new GraphQLError(`${config.name} must lie in the years 0001 to 9999`);
    }
    return value;
  };
  return new GraphQLScalarType({
    ...config,
    parseValue: (value) => check(config.parseValue(value)),
    parseLiteral: (ast, variables) => check(config.parseLiteral(ast, variables)),
  });
}

/** `DateTime` (ISO 8601 at UTC): the schema's scalar for every `Date` field. */
export const DateTimeScalar = storableDates(DateTimeResolver);

/** `Date` (a calendar date, `2007-12-03`). */
export const DateScalar = storableDates(DateResolver);
