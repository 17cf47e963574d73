import { ExecutionArgs, getOperationAST, GraphQLError, ParseOptions } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { SubscribePayload } from 'graphql-ws';
import type { RequestContext } from '../../common/context';
import { budgetKey, CostReport, OperationLimits } from '../limits/operation-limits';
import { OperationNotAllowedError } from '../limits/limit-errors';
import { persistedQueryHash, sha256 } from '../limits/persisted-queries';
import { requestProblem } from '../request-checks';
import { DocumentCache } from './documents';
import type { WebSocketOptions } from './options';

export const DEFAULT_PARSE_OPTIONS: ParseOptions = { maxTokens: 5000 };

/** An admitted operation: what to execute it with, and what it was charged. */
export interface PreparedOperation {
  args: ExecutionArgs & { contextValue: RequestContext };
  cost?: CostReport;
}

/**
 * The operation's text. In allow-list mode a registered operation may be sent by its id or hash
 * alone (in `extensions.persistedQuery.sha256Hash`, with an empty `query`), and anything not
 * registered is refused with FORBIDDEN. Without the allow-list, queries must be sent in full: the
 * socket does not keep Apollo's automatic persisted queries.
 */
function resolveSource(
  payload: { query: string; extensions?: Readonly<Record<string, unknown>> | null },
  limits: OperationLimits | undefined,
): string | GraphQLError {
  const hash = persistedQueryHash(payload.extensions);
  const allowList = limits?.allowList;
  if (!allowList) {
    if (hash && !payload.query) {
      return new GraphQLError('Send the query in full over WebSocket', {
        extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
      });
    }
    return payload.query;
  }
  const registered = hash && !payload.query ? allowList.body(hash) : undefined;
  if (registered != null) return registered;
  if (payload.query && allowList.allows(sha256(payload.query), payload.query)) return payload.query;
  const refused = new OperationNotAllowedError();
  return new GraphQLError(refused.message, { originalError: refused });
}

/** Wraps what a context factory or a limit threw as the error that refuses the operation. */
function refusedBy(e: unknown, fallback: string): GraphQLError {
  return new GraphQLError(e instanceof Error ? e.message : fallback, { originalError: e as Error });
}

/**
 * Checks, parses, validates and admits the operations of a socket with the HTTP side's rules:
 * the same request checks, persisted-query allow-list, validation rules, variable coercion,
 * context (token) and cost, charged once to the client's budget when the operation starts (a
 * subscription's events are not charged). Errors come unformatted: the caller formats them.
 */
export class OperationGate {
  private readonly documents: DocumentCache;
  private readonly maxTokens: number;

  constructor(private readonly options: WebSocketOptions) {
    const parseOptions = options.limits?.parseOptions ?? DEFAULT_PARSE_OPTIONS;
    this.maxTokens = parseOptions.maxTokens ?? DEFAULT_PARSE_OPTIONS.maxTokens!;
    this.documents = new DocumentCache(options.schema, options.validationRules ?? [], parseOptions);
  }

  async prepare(
    payload: SubscribePayload,
    connectionParams: Readonly<Record<string, unknown>>,
    clientAddress: string | null,
  ): Promise<PreparedOperation | readonly GraphQLError[]> {
    const { schema, limits } = this.options;
    const problem = requestProblem(payload, this.maxTokens);
    if (problem) return [new GraphQLError(problem.message, { originalError: problem })];
    const source = resolveSource(payload, limits);
    if (source instanceof GraphQLError) return [source];
    const loaded = this.documents.load(source);
    if (!('document' in loaded)) return loaded;
    const { text, document } = loaded;
    // graphql-ws keeps the payload while the operation runs: let it hold the shared text.
    if (payload.query) (payload as { query: string }).query = text;
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) {
      return [
        new GraphQLError(
          payload.operationName
            ? `Unknown operation named "${payload.operationName}"`
            : 'Must provide operationName if the document contains several operations',
          { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
        ),
      ];
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (coerced.errors?.length) {
      return coerced.errors.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
      );
    }
    let contextValue: RequestContext;
    try {
      contextValue = await this.options.createContext(connectionParams, clientAddress);
    } catch (e) {
      return [refusedBy(e, 'Unauthenticated')];
    }
    let cost: CostReport | undefined;
    if (limits) {
      try {
        const report = limits.newReport();
        await limits.admit(document, operation, payload.variables ?? {}, budgetKey(contextValue), report);
        cost = await limits.complete(report, budgetKey(contextValue));
      } catch (e) {
        return [refusedBy(e, 'Refused')];
      }
    }
    return {
      args: {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue,
      },
      cost,
    };
  }
}
