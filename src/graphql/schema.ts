import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, NonEmptyArray } from 'type-graphql';

/**
 * Builds the executable schema from the feature resolvers (type-graphql). `Date` values are
 * `DateTime` (ISO 8601, UTC); input objects are validated with class-validator.
 */
export function buildHubSchema(resolvers: NonEmptyArray<Function>): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // type-graphql insists on a PubSub; our subscriptions bring their own streams (the outbox hub).
    pubSub: createPubSub(),
  });
}
