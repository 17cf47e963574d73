import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from '../common/scalars';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, NonEmptyArray } from 'type-graphql';

/**
 * Builds the executable schema from the feature resolvers (type-graphql). `Date` values are
 * `DateTime` (ISO 8601, UTC); input objects are validated with class-validator.
 */
export function buildHubSchema(resolvers: NonEmptyArray<Function>): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // type-graphql insists on a PubSub; our subscriptions bring their own streams (the outbox hub).
    pubSub: createPubSub(),
  });
}
