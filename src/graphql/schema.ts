import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from '../common/scalars';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import { useDirectResolvers } from './direct-resolvers';
import { validateArgs } from './validate-args';

/**
 * Builds the executable schema from the feature resolvers (type-graphql). `Date` values are
 * `DateTime` (ISO 8601, UTC); arguments are validated with class-validator (`validate-args.ts`).
 * Output fields get direct resolvers where type-graphql's wrapper would do nothing (see
 * `direct-resolvers.ts`).
 */
export async function buildHubSchema(resolvers: NonEmptyArray<Function>): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Arguments are checked with class-validator, only where a class declares rules.
    validateFn: validateArgs,
    emitSchemaFile: false,
    // type-graphql insists on a PubSub; our subscriptions bring their own streams (the outbox hub).
    pubSub: createPubSub(),
  });
  useDirectResolvers(schema);
  return schema;
}
