import {
  execute,
  getOperationAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type {
  GatewayExecutionResult,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';

/**
 * Execution of repeated operations by compiled code (graphql-jit) instead of graphql-js's
 * interpreter. graphql-js walks the document for every object of a response: for a list of
 * hundreds of objects that walk, its promises and its paths were the largest part of what the hub
 * spent per request once the SQL was batched. graphql-jit turns an operation into a JavaScript
 * function once; executing it then costs a fraction of that, with the same resolvers, arguments,
 * `info` (the column pruning reads its field nodes), null propagation and errors.
 *
 * A compiled query that fails anywhere is run again on graphql-js, whose answer is sent: errors
 * read exactly as they always have.
 *
 * An operation's first execution runs on graphql-js (compiling costs more than executing once, and
 * most one-off operations are never sent again); from its second, the compiled function. The
 * compiled functions are code, not data: a response is never reused. At most `max` are kept, the
 * least recently used dropped first. Subscriptions stay on graphql-js (the WebSocket path).
 */
export class CompiledExecution {
  private readonly compiled: LRUCache<string, CompiledQuery>;
  /** Runs on graphql-js so far, per operation not yet compiled. */
  private readonly seen: LRUCache<string, number>;

  /**
   * @param max how many compiled operations are kept
   * @param after how many times an operation runs on graphql-js before it is compiled (0: at once)
   */
  constructor(
    private readonly schema: GraphQLSchema,
    max = 1000,
    private readonly after = 1,
  ) {
    this.compiled = new LRUCache({ max });
    this.seen = new LRUCache({ max });
  }

  /** How many compiled operations are kept (for tests and metrics). */
  get size(): number {
    return this.compiled.size;
  }

  async execute(request: {
    key: string;
    document: DocumentNode;
    /** `query`, `mutation` or `subscription` (none when the document names no single one): only queries are compiled. */
    operation: OperationTypeNode | undefined;
    operationName: string | null | undefined;
    variables: Record<string, unknown> | undefined;
    contextValue: unknown;
  }): Promise<ExecutionResult> {
    const { key, document, contextValue, variables } = request;
    const operationName = request.operationName ?? undefined;
    let query = request.operation === 'query' ? this.compiled.get(key) : undefined;
    if (!query && request.operation === 'query' && this.repeated(key)) {
      const result = compileQuery(this.schema, document, operationName);
      if (isCompiledQuery(result)) {
        query = result;
        this.compiled.set(key, query);
      }
    }
    // Variables are coerced by graphql-js first: a wrong value is answered exactly as graphql-js
    // words it (Apollo recognises its message as BAD_USER_INPUT), and only valid ones run compiled.
    if (query && !this.variablesInvalid(document, operationName, variables)) {
      const result = await query.query(undefined, contextValue, variables ?? {});
      // graphql-jit words and wraps failures its own way (no source nodes on an error, some
      // driver errors without their cause): a query that fails anywhere is answered by graphql-js
      // instead, so that every error reads as it always has. Queries change nothing, so running
      // one again is safe; it costs a second execution only when something failed.
      if (!result.errors?.length) return result;
    }
    return execute({ schema: this.schema, document, contextValue, variableValues: variables, operationName });
  }

  private variablesInvalid(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): boolean {
    const operation = getOperationAST(document, operationName);
    if (!operation?.variableDefinitions?.length) return false;
    return (
      'errors' in
      getVariableValues(this.schema, operation.variableDefinitions, variables ?? {}, { maxErrors: 1 })
    );
  }

  /** Whether `key` ran `after` times already (counted for as many keys as are compiled). */
  private repeated(key: string): boolean {
    const runs = this.seen.get(key) ?? 0;
    if (runs >= this.after) {
      this.seen.delete(key);
      return true;
    }
    this.seen.set(key, runs + 1);
    return false;
  }
}

/**
 * Apollo Server runs a custom executor only through its gateway interface: this one serves the
 * hub's own schema, never changes it, and executes with {@link CompiledExecution}. Everything
 * before execution (parsing, validation rules, the limits, the response cache) and after it
 * (error formatting) stays Apollo's.
 */
export function compiledExecutionGateway(
  schema: GraphQLSchema,
  execution: CompiledExecution,
): GatewayInterface {
  let listener: GatewaySchemaLoadOrUpdateCallback | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => {
        listener = undefined;
      };
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return {
        executor: (request) =>
          execution.execute({
            key: `${request.operationName ?? ''}:${request.queryHash}`,
            document: request.document,
            // Apollo leaves the operation out when it cannot resolve one: graphql-js then answers why.
            operation: request.operation?.operation,
            operationName: request.request.operationName,
            variables: request.request.variables,
            contextValue: request.context,
          }) as Promise<GatewayExecutionResult>,
      };
    },
    async stop() {},
  };
}
