import {
  DocumentNode,
  execute,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import type { RequestContext } from '../../common/context';
import type { OperationLimits } from '../../graphql/limits/operation-limits';

/** A GraphQL operation the open-data routes run for themselves, parsed and checked at start. */
export interface InternalQuery {
  readonly name: string;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

/**
 * Runs GraphQL operations of the hub's own schema in-process, with a request's context: the
 * open-data routes (HSDS, CSV, feeds) read through the same resolvers, visibility rules, loaders
 * and cost model as every GraphQL client, so a CSV row is what the list query returns and a
 * contact is shown only to whom GraphQL shows it. The operations are checked against the schema
 * when the hub starts: a renamed field stops the start instead of breaking a route at run time.
 */
export class InternalQueries {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: OperationLimits,
  ) {}

  prepare(source: string): InternalQuery {
    const document = parse(source);
    const errors = validate(this.schema, document);
    const operation = getOperationAST(document);
    if (errors.length || !operation?.name) {
      throw new Error(`Invalid internal operation: ${errors.map((e) => e.message).join('; ') || source}`);
    }
    return { name: operation.name.value, document, operation };
  }

  /** The operation's cost under the GraphQL cost model, with these variables. */
  cost(query: InternalQuery, variables: Record<string, unknown>): number {
    return this.limits.estimate(query.document, query.operation, variables) ?? this.limits.maxCost;
  }

  /**
   * Executes the operation; its first error is thrown as graphql-js reports it (the route
   * formats it as every GraphQL error is: domain codes, masked internals, outages).
   */
  async run<T>(ctx: RequestContext, query: InternalQuery, variables: Record<string, unknown>): Promise<T> {
    const result = await execute({
      schema: this.schema,
      document: query.document,
      contextValue: ctx,
      variableValues: variables,
    });
    const error = result.errors?.[0];
    if (error) throw error instanceof GraphQLError ? error : new GraphQLError(String(error));
    return result.data as T;
  }
}
